import { describe, expect, it } from 'vitest';
import { createApiClient, fixedCredential, retryAfterSeconds, type FetchLike } from '../../../lib/worker/api-client';
import { ApiFailure } from '../../../lib/shared/errors';
import type { KeyMeta } from '../../../lib/shared/contract/schemas';
import { key } from '../../support/keys';

const TOKEN = 'admin-token-S3CRET-value';
const SECRET = 'wbk_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
const API = 'https://keys.example.com/api';

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

function client(fetch: FetchLike, timeoutMs?: number) {
  return createApiClient({ apiUrl: API, credential: fixedCredential(TOKEN), fetch, timeoutMs });
}

async function failure(promise: Promise<unknown>): Promise<ApiFailure> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiFailure);
    const f = error as ApiFailure;
    expect(f.message).not.toContain(TOKEN);
    expect(f.message).not.toContain(SECRET);
    expect(JSON.stringify(f.info)).not.toContain(TOKEN);
    return f;
  }
  throw new Error('expected a failure');
}

describe('api client: requests', () => {
  it('sends the token, no cookies, no cache, and refuses redirects', async () => {
    let seen: { url: string; init: RequestInit } | undefined;
    const c = client(async (url, init) => {
      seen = { url, init };
      return json({ keys: [key(1)], nextCursor: null });
    });
    const page = await c.listKeys({ limit: 1 });
    expect(page.keys).toHaveLength(1);
    expect(seen?.url).toBe(`${API}/v1/keys?limit=1`);
    expect(seen?.init).toMatchObject({ method: 'GET', cache: 'no-store', credentials: 'omit', redirect: 'error' });
    expect((seen?.init.headers as Record<string, string>).Authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen?.init.signal).toBeInstanceOf(AbortSignal);
  });

  it('creates, renames and deletes with the right method, path and body', async () => {
    const calls: string[] = [];
    const c = client(async (url, init) => {
      calls.push(`${init.method} ${url} ${(init.body as string | undefined) ?? ''}`);
      if (init.method === 'POST') return json({ key: key(1), secret: SECRET }, 201);
      if (init.method === 'PATCH') return json({ key: { ...key(1), name: 'New' } });
      return new Response(null, { status: 204 });
    });
    expect((await c.createKey({ name: 'A', expiresAt: null })).secret).toBe(SECRET);
    expect((await c.renameKey(key(1).id, 'New')).name).toBe('New');
    await c.deleteKey(key(1).id);
    expect(calls).toEqual([
      `POST ${API}/v1/keys {"name":"A","expiresAt":null}`,
      `PATCH ${API}/v1/keys/${key(1).id} {"name":"New"}`,
      `DELETE ${API}/v1/keys/${key(1).id} `,
    ]);
  });
});

describe('api client: error mapping', () => {
  it('401 → unauthorized', async () => {
    const f = await failure(client(async () => json({ error: { code: 'unauthorized', message: `bad token ${TOKEN}` } }, 401)).listKeys());
    expect(f.info).toEqual({ code: 'unauthorized', message: 'The server rejected the admin token. Check it in Options.' });
  });

  it("403 forbidden → the server's message naming the role; any other 403 → the generic refusal", async () => {
    const denied = await failure(client(async () => json({ error: { code: 'forbidden', message: "Viewers can't generate keys." } }, 403)).listKeys());
    // Not 'unauthorized': the token is right, so the popup must not send the admin to Options to change it.
    expect(denied.info).toEqual({ code: 'forbidden', message: "Viewers can't generate keys." });
    const other = await failure(client(async () => json({ error: { code: 'unauthorized', message: 'nope' } }, 403)).listKeys());
    expect(other.info.message).toBe('The server refused this admin token access (HTTP 403). Check it in Options.');
  });

  it('500 → server_error with the status', async () => {
    const f = await failure(client(async () => json({ error: { code: 'internal', message: 'boom' } }, 500)).listKeys());
    expect(f.info.code).toBe('server_error');
    expect(f.message).toContain('500');
  });

  it('an HTML login page → bad_response, body not echoed', async () => {
    const html = `<html><body>Sign in ${SECRET}</body></html>`;
    const f = await failure(client(async () => new Response(html, { status: 200, headers: { 'Content-Type': 'text/html' } })).listKeys());
    expect(f.info.code).toBe('bad_response');
    expect(f.message).toContain('expected JSON from the key API');
    expect(f.message).not.toContain('Sign in');
  });

  it('JSON of the wrong shape → bad_response', async () => {
    const f = await failure(client(async () => json({ items: [] })).listKeys());
    expect(f.info.code).toBe('bad_response');
  });

  it('a secret in a list response is dropped by the schema', async () => {
    const page = await client(async () => json({ keys: [{ ...key(1), secret: SECRET }], nextCursor: null })).listKeys();
    expect(JSON.stringify(page)).not.toContain(SECRET);
  });

  it('malformed JSON → bad_response', async () => {
    const f = await failure(client(async () => new Response('{"keys": [', { headers: { 'Content-Type': 'application/json' } })).listKeys());
    expect(f.info.code).toBe('bad_response');
  });

  it('a 10 MB body is refused as bad_response (streamed, no Content-Length)', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(1024 * 1024).fill(32);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled++ >= 10) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const f = await failure(client(async () => new Response(stream, { headers: { 'Content-Type': 'application/json' } })).listKeys());
    expect(f.info.code).toBe('bad_response');
    expect(f.message).toMatch(/larger than 5 MB/);
    expect(pulled).toBeLessThanOrEqual(7);
  });

  it('a declared Content-Length over the cap is refused before reading', async () => {
    const f = await failure(
      client(
        async () => new Response('{}', { headers: { 'Content-Type': 'application/json', 'Content-Length': String(10 * 1024 * 1024) } }),
      ).listKeys(),
    );
    expect(f.info.code).toBe('bad_response');
  });

  it('a fetch that never resolves → timeout', async () => {
    let signal: AbortSignal | undefined;
    const started = Date.now();
    const f = await failure(
      client((_, init) => {
        signal = init.signal ?? undefined;
        return new Promise<Response>(() => {});
      }, 50).listKeys(),
    );
    expect(f.info.code).toBe('timeout');
    expect(signal?.aborted).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a body that stalls → timeout', async () => {
    const stream = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
    const f = await failure(client(async () => new Response(stream, { headers: { 'Content-Type': 'application/json' } }), 50).listKeys());
    expect(f.info.code).toBe('timeout');
  });

  it('network TypeError → unreachable naming the origin', async () => {
    const f = await failure(
      client(async () => {
        throw new TypeError('Failed to fetch');
      }).listKeys(),
    );
    expect(f.info.code).toBe('unreachable');
    expect(f.message).toContain("Can't reach the key API at https://keys.example.com");
  });

  it('a redirect is refused (fetch with redirect:error rejects; a 3xx that slips through is bad_response)', async () => {
    const rejecting = await failure(
      client(async (_, init) => {
        if (init.redirect === 'error') throw new TypeError('redirect mode is error');
        return new Response(null, { status: 302, headers: { Location: 'https://evil.example/' } });
      }).listKeys(),
    );
    expect(rejecting.info.code).toBe('unreachable');
    const slipped = await failure(client(async () => new Response(null, { status: 302, headers: { Location: 'https://evil.example/' } })).listKeys());
    expect(slipped.info.code).toBe('bad_response');
    expect(slipped.message).toContain('redirect');
  });

  it('404 on a key → not_found; 404 on the list → bad_response naming the URL', async () => {
    const notFound = async () => json({ error: { code: 'not_found', message: 'No such key.' } }, 404);
    const f = await failure(client(notFound).renameKey(key(1).id, 'x'));
    expect(f.info.code).toBe('not_found');
    const list = await failure(client(notFound).listKeys());
    expect(list.info.code).toBe('bad_response');
    expect(list.message).toContain(`${API}/v1/keys`);
  });

  it('400 → invalid_input with the server message and field, secrets redacted', async () => {
    const f = await failure(
      client(async () =>
        json({ error: { code: 'invalid_request', message: `Name is taken by ${SECRET}\u0007 (${TOKEN})`, field: 'name' } }, 400),
      ).createKey({
        name: 'x',
        expiresAt: null,
      }),
    );
    expect(f.info.code).toBe('invalid_input');
    expect(f.info.field).toBe('name');
    expect(f.message).toContain('Name is taken by wbk_…');
    expect(f.message).toContain('[redacted]');
    expect(f.message).not.toMatch(/[\u0000-\u001f]/);
  });

  it('a server message cannot reorder itself with bidi or hide text with zero-width characters', async () => {
    const f = await failure(
      client(async () => json({ error: { code: 'invalid_request', message: 'Name \u202etxt.exe\u200b is taken' } }, 400)).listKeys(),
    );
    expect(f.message).toBe('Name [U+202E]txt.exe[U+200B] is taken');
  });

  it('429 → rate_limited with Retry-After seconds', async () => {
    const f = await failure(client(async () => json({ error: { code: 'rate_limited', message: 'slow' } }, 429, { 'Retry-After': '7' })).listKeys());
    expect(f.info.code).toBe('rate_limited');
    expect(f.message).toContain('7 s');
    expect(retryAfterSeconds(new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(30);
    expect(retryAfterSeconds('soon')).toBeNull();
  });
});

describe('api client: listAllKeys', () => {
  it('follows nextCursor until null with limit 500', async () => {
    const urls: string[] = [];
    const pages: Record<string, { keys: KeyMeta[]; nextCursor: string | null }> = {
      '': { keys: [key(1), key(2)], nextCursor: 'c1' },
      c1: { keys: [key(3)], nextCursor: 'c2' },
      c2: { keys: [key(4)], nextCursor: null },
    };
    const { keys } = await client(async (url) => {
      urls.push(url);
      return json(pages[new URL(url).searchParams.get('cursor') ?? '']);
    }).listAllKeys();
    expect(keys.map((k) => k.name)).toEqual(['Key 1', 'Key 2', 'Key 3', 'Key 4']);
    expect(urls).toHaveLength(3);
    expect(urls.every((u) => new URL(u).searchParams.get('limit') === '500')).toBe(true);
  });

  it('one key the extension cannot read leaves the others listed, and reports its id so it can still be deleted', async () => {
    // A far-future expiry in the six-digit year form the contract refuses, as an older server answered it.
    const farFuture = { ...key(2), expiresAt: '+010000-01-01T23:58:59.999Z', secret: SECRET };
    const pages: Record<string, unknown> = {
      '': { keys: [key(1), farFuture, { name: 'no id at all' }], nextCursor: 'c1' },
      c1: { keys: [key(3), { ...key(4), status: 'revived' }], nextCursor: null },
    };
    const listed = await client(async (url) => json(pages[new URL(url).searchParams.get('cursor') ?? ''])).listAllKeys();
    expect(listed.keys.map((k) => k.name)).toEqual(['Key 1', 'Key 3']);
    expect(listed.unreadable).toEqual([{ id: key(2).id }, { id: key(4).id }, { id: null }]);
    expect(JSON.stringify(listed)).not.toContain(SECRET);
  });

  it('stops on a cursor loop', async () => {
    let calls = 0;
    const f = await failure(
      client(async (url) => {
        calls++;
        const cursor = new URL(url).searchParams.get('cursor');
        return json({ keys: [key(calls)], nextCursor: cursor === 'a' ? 'b' : 'a' });
      }).listAllKeys(),
    );
    expect(f.info.code).toBe('bad_response');
    expect(calls).toBe(3);
  });
});

describe('api client: idempotent create and replace', () => {
  const IDEM = 'idem-0123456789abcdef';
  const headerOf = (init: RequestInit) => (init.headers as Record<string, string>)['Idempotency-Key'];

  it('sends the Idempotency-Key header on create and replace, and none without one', async () => {
    const seen: (string | undefined)[] = [];
    const c = client(async (url, init) => {
      seen.push(headerOf(init));
      if (url.endsWith('/replace')) return json({ key: key(2), secret: SECRET, replaced: key(1) }, 201);
      return json({ key: key(1), secret: SECRET }, 201);
    });
    await c.createKey({ name: 'A', expiresAt: null }, IDEM);
    await c.replaceKey(key(1).id, { name: 'A', expiresAt: null, graceSeconds: 3600 }, IDEM);
    await c.createKey({ name: 'A', expiresAt: null });
    expect(seen).toEqual([IDEM, IDEM, undefined]);
  });

  it('retries once, with the same key, after a dropped connection; the replay has no secret', async () => {
    const seen: string[] = [];
    const c = client(async (_url, init) => {
      seen.push(headerOf(init) ?? 'none');
      if (seen.length === 1) throw new TypeError('Failed to fetch');
      return json({ key: key(1), secret: null, alreadyIssued: true });
    });
    const result = await c.createKey({ name: 'A', expiresAt: null }, IDEM);
    expect(seen).toEqual([IDEM, IDEM]);
    expect(result).toMatchObject({ secret: null, alreadyIssued: true });
  });

  it('retries at most once', async () => {
    let calls = 0;
    const c = client(async () => {
      calls++;
      throw new TypeError('Failed to fetch');
    });
    expect((await failure(c.createKey({ name: 'A', expiresAt: null }, IDEM))).info.code).toBe('unreachable');
    expect(calls).toBe(2);
  });

  it('never retries an answer (500, 409), nor a create without an Idempotency-Key', async () => {
    for (const [status, code] of [
      [500, 'internal'],
      [409, 'idempotency_conflict'],
    ] as const) {
      let calls = 0;
      const c = client(async () => {
        calls++;
        return json({ error: { code, message: 'No.' } }, status);
      });
      expect((await failure(c.createKey({ name: 'A', expiresAt: null }, IDEM))).info.code).toBe('server_error');
      expect(calls).toBe(1);
    }
    let calls = 0;
    const c = client(async () => {
      calls++;
      throw new TypeError('Failed to fetch');
    });
    await failure(c.createKey({ name: 'A', expiresAt: null }));
    expect(calls).toBe(1);
  });

  it('replaceKey posts to /v1/keys/{id}/replace and parses the new and the old key', async () => {
    let seen: { url: string; body: string } | undefined;
    const old = { ...key(1), expiresAt: '2030-01-01T01:00:00.000Z' };
    const c = client(async (url, init) => {
      seen = { url, body: init.body as string };
      return json({ key: key(2), secret: SECRET, replaced: old, extra: 'ignored' }, 201);
    });
    const result = await c.replaceKey(key(1).id, { name: 'A', expiresAt: null, graceSeconds: 0 }, IDEM);
    expect(seen).toEqual({ url: `${API}/v1/keys/${key(1).id}/replace`, body: '{"name":"A","expiresAt":null,"graceSeconds":0}' });
    expect(result).toEqual({ key: key(2), secret: SECRET, replaced: old });
  });

  it('replaceKey: a response without the replaced key is bad_response; a 404 means the old key is gone', async () => {
    const bad = client(async () => json({ key: key(2), secret: SECRET }, 201));
    expect((await failure(bad.replaceKey(key(1).id, { name: 'A', expiresAt: null, graceSeconds: 0 }))).info.code).toBe('bad_response');
    const gone = client(async () => json({ error: { code: 'not_found', message: 'No such key.' } }, 404));
    expect((await failure(gone.replaceKey(key(1).id, { name: 'A', expiresAt: null, graceSeconds: 0 }))).info.code).toBe('not_found');
  });
});

describe('api client: a timed-out idempotent create', () => {
  it('is retried once with the same key', async () => {
    const seen: (string | undefined)[] = [];
    const c = client(async (_url, init) => {
      seen.push((init.headers as Record<string, string>)['Idempotency-Key']);
      if (seen.length === 1) return new Promise<Response>(() => {}); // never answers
      return json({ key: key(1), secret: null, alreadyIssued: true });
    }, 50);
    expect((await c.createKey({ name: 'A', expiresAt: null }, 'idem-0123456789abcdef')).alreadyIssued).toBe(true);
    expect(seen).toEqual(['idem-0123456789abcdef', 'idem-0123456789abcdef']);
  });
});
