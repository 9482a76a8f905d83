// Methods Node's HTTP parser does not know (`FOO /v1/keys`) never reach the
// app: the parser fails and Node answers a bare 400. The contract says any
// method other than the listed ones is 405 with Allow (404 on an unknown
// path), in the JSON envelope, so this answers from the request line instead.
// Paths and methods come from the contract's operation list.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { OPERATIONS } from '../lib/shared/contract/openapi';

/** The Allow value for an OpenAPI path the request path matches, or undefined for an unknown path. */
function allowFor(path: string): string | undefined {
  const methods: string[] = [];
  for (const op of OPERATIONS) {
    const pattern = new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/%]+')}$`);
    if (!pattern.test(path)) continue;
    const method = op.method.toUpperCase();
    if (!methods.includes(method)) methods.push(method);
    if (method === 'GET' && !methods.includes('HEAD')) methods.push('HEAD');
  }
  return methods.length ? methods.join(', ') : undefined;
}

function envelope(status: number, reason: string, code: string, message: string, headers: Record<string, string>, field?: string): string {
  const body = JSON.stringify({ error: field === undefined ? { code, message } : { code, message, field } });
  const lines = [
    `HTTP/1.1 ${status} ${reason}`,
    'content-type: application/json; charset=utf-8',
    'cache-control: no-store',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** The answer to a request whose method the parser refused, from what arrived of it. */
function unknownMethodAnswer(raw: string, allowedHosts: ReadonlySet<string> | undefined): string {
  const [requestLine = '', ...headerLines] = raw.split('\r\n');
  const [method = '?', target = '/'] = requestLine.split(' ');
  const host = headerLines
    .find((line) => /^host:/i.test(line))
    ?.slice(5)
    .trim()
    .toLowerCase();
  if (allowedHosts && (host === undefined || !allowedHosts.has(host))) {
    return envelope(400, 'Bad Request', 'invalid_request', 'Host: This server does not answer to that host name.', {}, 'Host');
  }
  const path = target.split('?')[0] ?? '/';
  const allow = path.includes('%') ? undefined : allowFor(path);
  // The method is not echoed as sent: it is attacker-chosen and ends up in pages; only its token characters are.
  const shown = method.replace(/[^A-Za-z0-9!#$&'*+.^_`|~-]/g, '').slice(0, 20);
  if (allow === undefined) return envelope(404, 'Not Found', 'not_found', 'No such endpoint.', {});
  return envelope(405, 'Method Not Allowed', 'method_not_allowed', `${shown} is not allowed here; use ${allow}.`, { allow });
}

/** Installs the answer; other parse errors keep Node's own answers (400, 408, 431). */
export function answerUnknownMethods(server: Server, allowedHosts?: ReadonlySet<string>): void {
  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    if (socket.writable && socket.bytesWritten === 0) {
      if (err.code === 'HPE_INVALID_METHOD') socket.write(unknownMethodAnswer(err.rawPacket?.toString('latin1') ?? '', allowedHosts));
      else if (err.code === 'HPE_HEADER_OVERFLOW') socket.write('HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n');
      else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') socket.write('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
      else socket.write('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    }
    socket.destroy(err);
  });
}
