// `npm run server -- --port 8787 --db .data/keys.db [--host H] [--public-url URL] [--admin-token-file F]`
// stdout is a small protocol for launchers: admin token lines, then exactly
// `listening on http://HOST:PORT`, then one line per request.
import { parseArgs } from 'node:util';
import { runAdmins } from './admins-cli';
import { parsePublicUrl } from './host-check';
import { LineBuffer } from './log-buffer';
import { DEFAULT_OIDC_SCOPES, type OidcOptions } from './oidc';
import { startServer, type StartedServer } from './start';

const USAGE = `Usage: tsx server/cli.ts [--port 8787] [--db .data/keys.db] [--host 127.0.0.1] [--public-url URL] [--admin-token-file PATH]
                          [--oidc-issuer URL --oidc-client-id ID [--oidc-audience AUD] [--oidc-role-claim NAME] [--oidc-scopes "S1 S2"]]

  --public-url       another origin clients use (proxy, DNS name); its host is answered
                     besides the loopback names. Default: $PUBLIC_URL.
  --oidc-issuer      SSO: the OpenID provider admins sign in with (its exact issuer URL);
                     access tokens it signs are accepted on the admin routes (docs/sso.md)
  --oidc-client-id   the extension's client id at that provider
  --oidc-audience    what the access token's aud must contain (default: the client id)
  --oidc-role-claim  take the role from this claim (e.g. roles, groups, realm_access.roles)
                     instead of the admins table
  --oidc-scopes      what the extension asks for (default: "${DEFAULT_OIDC_SCOPES.join(' ')}")

Environment:
  WORKBASE_ADMIN_TOKEN  an admin token to accept (at least 32 characters, no surrounding whitespace)
  PUBLIC_URL            as --public-url
  WORKBASE_OIDC_ISSUER, WORKBASE_OIDC_CLIENT_ID, WORKBASE_OIDC_AUDIENCE,
  WORKBASE_OIDC_ROLE_CLAIM, WORKBASE_OIDC_SCOPES   as the --oidc-* flags (a flag wins)

People with their own token and role: tsx server/cli.ts admins add|list|revoke (see admins --help)`;

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

type Args = ReturnType<typeof parse>;

/** The --oidc-* flags, else their WORKBASE_OIDC_* variables; undefined when SSO is off. */
function oidcOptions(args: Args): OidcOptions | undefined {
  const pick = (flag: 'issuer' | 'client-id' | 'audience' | 'role-claim' | 'scopes') => {
    const value = args[`oidc-${flag}`] ?? process.env[`WORKBASE_OIDC_${flag.toUpperCase().replace('-', '_')}`];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const issuer = pick('issuer');
  const clientId = pick('client-id');
  const others = (['audience', 'role-claim', 'scopes'] as const).filter((f) => pick(f) !== undefined);
  if (issuer === undefined && clientId === undefined) {
    if (others.length > 0) fail(`--oidc-${others[0]} needs --oidc-issuer and --oidc-client-id.`);
    return undefined;
  }
  if (issuer === undefined) fail("--oidc-client-id needs --oidc-issuer (the provider's issuer URL).");
  if (clientId === undefined) fail("--oidc-issuer needs --oidc-client-id (the extension's client id at the provider).");
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    fail(`--oidc-issuer "${issuer}" is not a URL.`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    fail(`--oidc-issuer must be https (http only on loopback, for tests), got "${issuer}".`);
  }
  const scopes = pick('scopes')?.split(/\s+/);
  if (scopes && !scopes.includes('openid')) fail('--oidc-scopes must include openid.');
  return { issuer, clientId, audience: pick('audience'), roleClaim: pick('role-claim'), scopes };
}

function parse() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: '8787' },
        db: { type: 'string', default: '.data/keys.db' },
        host: { type: 'string', default: '127.0.0.1' },
        'public-url': { type: 'string' },
        'admin-token-file': { type: 'string' },
        'oidc-issuer': { type: 'string' },
        'oidc-client-id': { type: 'string' },
        'oidc-audience': { type: 'string' },
        'oidc-role-claim': { type: 'string' },
        'oidc-scopes': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === 'admins') {
    process.exitCode = runAdmins(
      process.argv.slice(3),
      (line) => process.stdout.write(`${line}\n`),
      (line) => process.stderr.write(`${line}\n`),
    );
    return;
  }
  const args = parse();
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!/^\d{1,5}$/.test(args.port) || Number(args.port) > 65535) fail(`--port must be 0–65535, got "${args.port}".`);
  const envToken = process.env.WORKBASE_ADMIN_TOKEN;
  const adminToken = envToken === undefined || envToken === '' ? undefined : envToken;
  if (adminToken !== undefined && /^\s|\s$/.test(adminToken)) {
    fail('WORKBASE_ADMIN_TOKEN has leading or trailing whitespace (a space or newline), so no client could ever match it; remove it.');
  }
  if (adminToken !== undefined && adminToken.length < 32) {
    fail(`WORKBASE_ADMIN_TOKEN must be at least 32 characters long (it has ${adminToken.length}).`);
  }

  const publicUrl = args['public-url'] ?? (process.env.PUBLIC_URL || undefined);
  if (publicUrl !== undefined) {
    try {
      parsePublicUrl(publicUrl);
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
  }

  const oidc = oidcOptions(args);

  const requestLog = new LineBuffer((chunk) => process.stdout.write(chunk));
  // Protocol lines go out at once, after any request lines already logged.
  const say = (line: string) => {
    requestLog.flush();
    process.stdout.write(`${line}\n`);
  };
  let server: StartedServer;
  try {
    server = await startServer({
      port: Number(args.port),
      host: args.host,
      publicUrl,
      dbPath: args.db,
      adminToken,
      adminTokenFile: args['admin-token-file'],
      oidc,
      log: (line) => requestLog.push(`${new Date().toISOString()} ${line}`),
    });
  } catch (error) {
    process.stderr.write(`error: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }

  if (server.generatedAdminToken !== null) {
    say(`Admin token (shown only this once; store it now): ${server.generatedAdminToken}`);
    if (args['admin-token-file']) say(`Admin token written to ${args['admin-token-file']} (mode 0600).`);
  } else if (adminToken !== undefined) {
    say('Admin token from WORKBASE_ADMIN_TOKEN is accepted.');
  } else {
    say('Admin token was shown on first start; set WORKBASE_ADMIN_TOKEN to add one.');
  }
  if (oidc) say(`SSO: access tokens from ${oidc.issuer} for ${oidc.audience ?? oidc.clientId} are accepted.`);
  say(`listening on ${server.url}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      requestLog.flush();
      process.stderr.write(`${signal} again: exiting without draining.\n`);
      process.exit(1);
    }
    stopping = true;
    server.close().then(
      () => {
        requestLog.flush();
        process.exit(0);
      },
      (error: unknown) => {
        requestLog.flush();
        process.stderr.write(`error: shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
