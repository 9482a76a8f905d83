// `npm start`: the product on its embedded default, for a first look.
// 1. builds the extension, 2. starts the reference key API on SQLite
// (.data/keys.db, http://127.0.0.1:8787), 3. opens Chromium with the
// extension loaded and already connected to that API. Without a display it
// says so, prints what to do by hand, and keeps the API running.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generateAdminToken, writeTokenFile } from '../server/admin-token';
import { makePrivateDir } from '../server/private-files';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATA = path.join(ROOT, '.data');
const TOKEN_FILE = path.join(DATA, 'admin-token');
const EXTENSION_DIR = path.join(ROOT, '.output', 'chrome-mv3');
const PORT = process.env.PORT ?? '8787';

// 0700: the admin token and the database live here (the server tightens its own files too).
makePrivateDir(DATA);

// The launcher keeps the development admin token in .data/ (git-ignored,
// mode 0600) so every `npm start` can hand it to the extension.
function devAdminToken(): string {
  if (process.env.WORKBASE_ADMIN_TOKEN) return process.env.WORKBASE_ADMIN_TOKEN;
  if (existsSync(TOKEN_FILE)) return readFileSync(TOKEN_FILE, 'utf8').trim();
  // Minted and written exactly as the server does for --admin-token-file.
  const token = generateAdminToken();
  writeTokenFile(TOKEN_FILE, token);
  return token;
}

console.log('Building the extension…');
const build = spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) process.exit(build.status ?? 1);

const adminToken = devAdminToken();
const server = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', '--port', PORT, '--db', path.join(DATA, 'keys.db')], {
  cwd: ROOT,
  env: { ...process.env, WORKBASE_ADMIN_TOKEN: adminToken },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const apiUrl = await new Promise<string>((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    out += chunk.toString();
    const m = /listening on (http:\/\/\S+)/.exec(out);
    if (m) resolve(m[1]!);
  });
  server.once('exit', (code) => reject(new Error(`The key API exited (code ${code}). Is port ${PORT} in use? Try PORT=8788 npm start.`)));
}).catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));

const where = `
  Key API:      ${apiUrl}   (data: ${path.relative(ROOT, DATA)}/keys.db)
  Admin token:  in ${path.relative(ROOT, TOKEN_FILE)} (cat it)`;
const loadByHand = `
  Extension:    ${path.relative(ROOT, EXTENSION_DIR)} — load it at chrome://extensions (Developer mode → Load unpacked),
                then open its Options, enter the API URL and admin token, and press Connect.`;
const stop = `
  Stop:         Ctrl-C`;

if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.log(`\nNo display here, so no browser was opened. The key API keeps running.${where}${loadByHand}${stop}`);
} else {
  const { chromium } = await import('@playwright/test');
  const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  const context = await chromium.launchPersistentContext(path.join(DATA, 'chromium-profile'), {
    executablePath,
    headless: false,
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-first-run',
      '--disable-sync',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const id = new URL(worker.url()).host;
  const options = await context.newPage();
  await options.goto(`chrome-extension://${id}/options.html`);
  await options.getByLabel('API URL').fill(apiUrl);
  await options.getByLabel('Admin token').fill(adminToken);
  await options.getByRole('button', { name: 'Connect', exact: true }).click();
  const connected = await options
    .getByText(/Connected/)
    .waitFor({ timeout: 15_000 })
    .then(
      () => true,
      () => false,
    );
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${id}/popup.html`);
  console.log(
    connected
      ? `\nChromium is open with the extension loaded and connected (its popup is open in a tab).${where}${stop}`
      : `\nChromium is open with the extension loaded, but connecting failed: see its Options tab.${where}${stop}`,
  );
  context.on('close', () => console.log('Browser closed; the key API keeps running. Ctrl-C to stop.'));
}
