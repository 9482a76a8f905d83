// The kit's only way to talk to the implementation under test: HTTP, with
// every answer checked for what the contract promises of all answers
// (Cache-Control: no-store, the error envelope, no CORS headers) and every
// key the kit makes remembered so it can be deleted at the end.
import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { ApiErrorBody } from '../lib/shared/contract/schemas';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export interface RequestInit {
  /** Serialized as JSON with Content-Type: application/json. */
  json?: unknown;
  raw?: BodyInit;
  headers?: Record<string, string>;
  /** Bearer credential; defaults to the admin token; null sends none. */
  token?: string | null;
}

export class Client {
  /** Problems seen in any answer, whatever check made the request: reported by the "every answer" checks. */
  readonly everyAnswer = { noStore: [] as string[], envelope: [] as string[], cors: [] as string[], requestId: [] as string[] };
  readonly madeKeys = new Set<string>();

  constructor(
    readonly url: string,
    readonly adminToken: string,
    /** Through a proxy: its own answers (no X-Request-Id: it never reached the implementation) are not judged. */
    readonly proxied = false,
  ) {}

  async req(method: string, path: string, init: RequestInit = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...init.headers };
    const token = init.token === undefined ? this.adminToken : init.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body = init.raw;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.url + path, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      // Left undefined; the envelope check below reports it for non-2xx.
    }
    const what = `${method} ${path.split('?')[0]} → ${res.status}`;
    if (this.proxied && !res.headers.has('x-request-id')) return { status: res.status, headers: res.headers, text, json };
    if (!res.headers.get('x-request-id')) this.everyAnswer.requestId.push(what);
    if (res.headers.get('cache-control') !== 'no-store') this.everyAnswer.noStore.push(what);
    if (res.status >= 400 && method !== 'HEAD' && !ApiErrorBody.safeParse(json).success) this.everyAnswer.envelope.push(what);
    if ([...res.headers.keys()].some((h) => h.startsWith('access-control-'))) this.everyAnswer.cors.push(what);
    const made = (json as { key?: { id?: unknown } } | undefined)?.key?.id;
    if ((res.status === 201 || res.status === 200) && method === 'POST' && typeof made === 'string') this.madeKeys.add(made);
    return { status: res.status, headers: res.headers, text, json };
  }

  /** Bytes on a fresh connection (http or https), for what fetch refuses to send (unknown methods). */
  raw(text: string): Promise<string> {
    const u = new URL(this.url);
    const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
    return new Promise((resolve, reject) => {
      const socket =
        u.protocol === 'https:'
          ? tlsConnect({ host: u.hostname, port, servername: u.hostname }, () => socket.write(text))
          : tcpConnect(port, u.hostname, () => socket.write(text));
      let out = '';
      socket.setTimeout(10_000, () => socket.destroy(new Error('no answer in 10 s')));
      socket.on('data', (d: Buffer) => {
        out += d.toString('latin1');
        // One answer is enough; a keep-alive server would otherwise hold the socket open.
        if (/\r\n\r\n/.test(out) && /content-length: *(\d+)/i.test(out)) {
          const length = Number(/content-length: *(\d+)/i.exec(out)![1]);
          if (Buffer.byteLength(out.slice(out.indexOf('\r\n\r\n') + 4), 'latin1') >= length) socket.end();
        }
      });
      socket.on('close', () => resolve(out));
      socket.on('error', reject);
    });
  }
}
