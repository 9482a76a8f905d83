// A small loopback HTTP proxy of the tests' own, in front of the real server,
// that can delay, replace or cut responses: the faults a real network makes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'delay'; ms: number } // forward, then hold the response
  | { kind: 'respond'; status: number; body: string | Buffer; contentType?: string } // never reach the server
  | { kind: 'drop-after-forward' } // the server acts, then the connection is cut
  | { kind: 'redirect'; location: string; status?: number } // never reach the server
  | { kind: 'rewrite'; body: (text: string) => string }; // forward, then change the answer's body (a server that sends what the contract refuses)

export interface FaultProxy {
  url: string;
  /** Decide a fault for each request; return undefined to pass it through. */
  setFault: (rule: ((req: { method: string; path: string }) => Fault | undefined) | null) => void;
  /** Every request that reached the proxy, with its Authorization header. */
  seen: () => { method: string; path: string; authorization: string | undefined }[];
  close: () => Promise<void>;
}

/**
 * hostname only changes the URL handed out: 'localhost' makes the same listener
 * another origin than the 127.0.0.1 one (a second, working API the worker may call).
 */
export async function startFaultProxy(target: string, options: { hostname?: 'localhost' | '127.0.0.1' } = {}): Promise<FaultProxy> {
  let rule: ((req: { method: string; path: string }) => Fault | undefined) | null = null;
  const seen: { method: string; path: string; authorization: string | undefined }[] = [];
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    seen.push({ method: req.method ?? 'GET', path: req.url ?? '/', authorization: req.headers.authorization });
    const fault = rule?.({ method: req.method ?? 'GET', path: req.url ?? '/' });
    if (fault?.kind === 'redirect') {
      res.writeHead(fault.status ?? 302, { location: fault.location });
      res.end();
      return;
    }
    if (fault?.kind === 'respond') {
      res.writeHead(fault.status, { 'content-type': fault.contentType ?? 'application/json' });
      res.end(fault.body);
      return;
    }
    try {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers.set(k, v);
      const upstream = await fetch(target + (req.url ?? '/'), {
        method: req.method,
        headers,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      let body = Buffer.from(await upstream.arrayBuffer());
      if (fault?.kind === 'rewrite') body = Buffer.from(fault.body(body.toString('utf8')));
      if (fault?.kind === 'drop-after-forward') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
      const out: Record<string, string> = {};
      upstream.headers.forEach((v, k) => {
        if (k !== 'content-encoding' && k !== 'transfer-encoding' && k !== 'content-length') out[k] = v;
      });
      res.writeHead(upstream.status, out);
      res.end(body);
    } catch {
      req.socket.destroy();
    }
  };
  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.hostname ?? '127.0.0.1'}:${port}`,
    setFault: (r) => (rule = r),
    seen: () => [...seen],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
