// Issue 11 item 11: a 10 MB upload on `Connection: close` must always read
// the 413, never a TCP reset because the server closed with data unread.
// Raw sockets, because fetch hides resets behind retries and buffering.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers';

const TEN_MB = 10 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x61);
const ROUNDS = Number(process.env.UPLOAD_ROUNDS ?? 25);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.dispose();
});

/**
 * Sends the request and the whole body, and only then reads, like a simple
 * client (write, then read). Resolves with what was read and the socket error.
 */
function upload(headers: string[], chunked: boolean): Promise<{ response: string; error: string | null }> {
  const { port } = new URL(server.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let response = '';
    let error: string | null = null;
    socket.setEncoding('latin1');
    socket.pause();
    socket.on('data', (d: string) => (response += d));
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => resolve({ response, error }));
    socket.on(
      'connect',
      () =>
        void (async () => {
          socket.write(
            [
              `POST /v1/keys HTTP/1.1`,
              `Host: 127.0.0.1:${port}`,
              `Authorization: Bearer ${server.adminToken}`,
              'Content-Type: application/json',
              ...headers,
              '',
              '',
            ].join('\r\n'),
          );
          let sent = 0;
          while (sent < TEN_MB && !socket.destroyed) {
            const piece = chunked ? Buffer.concat([Buffer.from(`${CHUNK.length.toString(16)}\r\n`), CHUNK, Buffer.from('\r\n')]) : CHUNK;
            if (!socket.write(piece)) await new Promise((r) => socket.once('drain', r).once('close', r));
            sent += CHUNK.length;
          }
          if (chunked && !socket.destroyed) socket.write('0\r\n\r\n');
          socket.resume();
        })(),
    );
  });
}

describe('413 on Connection: close', () => {
  it(`with Content-Length: ${ROUNDS} rounds, every one reads the 413 envelope and no reset`, async () => {
    const failures: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const { response, error } = await upload([`Content-Length: ${TEN_MB}`, 'Connection: close'], false);
      if (error !== null || !response.startsWith('HTTP/1.1 413') || !response.includes('"payload_too_large"')) {
        failures.push(`round ${i}: ${error ?? 'no error'}; ${response.slice(0, 40) || '(nothing read)'}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it(`chunked (no Content-Length): ${ROUNDS} rounds, every one reads the 413 envelope and no reset`, async () => {
    const failures: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const { response, error } = await upload(['Transfer-Encoding: chunked', 'Connection: close'], true);
      if (error !== null || !response.startsWith('HTTP/1.1 413') || !response.includes('"payload_too_large"')) {
        failures.push(`round ${i}: ${error ?? 'no error'}; ${response.slice(0, 40) || '(nothing read)'}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('the server still answers afterwards', async () => {
    expect((await server.req('GET', '/healthz', { token: null })).status).toBe(200);
  });
});
