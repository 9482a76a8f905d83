// Create over a Port, so the worker knows whether anyone is still there to
// receive the secret. If the popup went away before the reply (it closes when
// focus leaves it), nobody has seen the secret: the key is deleted at once and
// a Notice says so (or, if that delete fails, a Notice asks the admin to do it).
// The secret is never logged, stored, or kept after it is posted.
// A start may carry an idempotencyKey (the client retries a network failure
// once with it) and `replace` (POST /v1/keys/{id}/replace instead of create).
import { describeIssues, type KeyMeta } from '../shared/contract/schemas';
import { CREATE_PORT, CreateStart, type CreateResult } from '../shared/messages/keys-create';
import type { Notice } from '../shared/messages/notices-take';
import { ApiFailure, toErrorInfo } from '../shared/errors';
import { isOwnSender, type SenderLike } from '../shared/sender';
import type { Context } from './context';

interface EventLike<F> {
  addListener(listener: F): void;
}
/** The parts of runtime.Port used here. */
export interface PortLike {
  name: string;
  sender?: SenderLike;
  postMessage(message: CreateResult): void;
  disconnect(): void;
  onMessage: EventLike<(message: unknown) => void>;
  onDisconnect: EventLike<() => void>;
}

/** Resolves when the whole exchange is over (including any cleanup), for tests. */
export function handleCreatePort(port: PortLike, ctx: Context): Promise<void> | undefined {
  if (port.name !== CREATE_PORT) return undefined;
  if (!isOwnSender(port.sender, ctx.deps.runtime)) {
    port.disconnect();
    return undefined;
  }
  let connected = true;
  let started = false;
  port.onDisconnect.addListener(() => {
    connected = false;
  });
  return new Promise<void>((resolve) => {
    port.onMessage.addListener((message) => {
      if (started) return; // one create per port
      started = true;
      void create(message).finally(resolve);
    });
  });

  function post(result: CreateResult): boolean {
    if (!connected) return false;
    try {
      port.postMessage(result);
      return true;
    } catch {
      // The port closed between our check and the post.
      connected = false;
      return false;
    }
  }

  async function create(message: unknown): Promise<void> {
    const parsed = CreateStart.safeParse(message);
    if (!parsed.success) {
      post({ error: { code: 'internal', message: `Message not understood: ${describeIssues(parsed.error).message}` } });
      return;
    }
    const { name, expiresAt, idempotencyKey, replace } = parsed.data;
    // Pinned now: a switch in the popup meanwhile changes the current connection, not this create's.
    let connectionId: string;
    let created: { key: KeyMeta; secret: string | null; replaced: KeyMeta | undefined };
    try {
      const { client, connection } = await ctx.connected(parsed.data.connectionId);
      connectionId = connection.id;
      // The client retries once, with the same Idempotency-Key, after a network failure.
      if (replace) {
        const result = await client.replaceKey(replace.id, { name, expiresAt, graceSeconds: replace.graceSeconds }, idempotencyKey);
        created = { key: result.key, secret: result.secret, replaced: result.replaced };
      } else {
        const result = await client.createKey({ name, expiresAt }, idempotencyKey);
        created = { key: result.key, secret: result.secret, replaced: undefined };
      }
    } catch (error) {
      if (error instanceof ApiFailure && error.info.code === 'timeout') {
        // The server may have created it anyway: refresh so it shows in the list.
        ctx.syncSoon(parsed.data.connectionId);
        post({
          error: {
            code: 'timeout',
            message: `${error.info.message} If the key was created, it appears in the list without its secret; delete it and create another.`,
          },
        });
        return;
      }
      post({ error: toErrorInfo(error) });
      return;
    }

    const { key, replaced } = created;
    // A null secret: an earlier attempt of this same submission created the key
    // and its answer was lost, so the secret can never be shown. The popup asks
    // the admin whether to keep or delete it.
    const delivered =
      created.secret === null
        ? post({ ok: { key, secret: null, alreadyIssued: true, ...(replaced ? { replaced } : {}) } })
        : post({ ok: { key, secret: created.secret, ...(replaced ? { replaced } : {}) } });
    created.secret = null; // drop our reference to the secret as soon as it is posted
    const cache = await ctx.cache(connectionId).catch(() => null);
    // The old key's shortened expiry is the server's truth whatever happens to the new one.
    if (replaced) await cache?.upsert(replaced).catch(() => {});
    if (delivered) {
      await cache?.upsert(key).catch(() => {});
      return;
    }
    // Nobody received the answer. With or without a secret, no one holds this
    // key's secret and nobody is there to decide: one rule for both, delete
    // it and leave a notice (an alreadyIssued key is no more usable than an
    // unseen one). A replaced key's shortened expiry stays: it is never extended.
    await discardUnseen(connectionId, key.id, key.name);
  }

  async function discardUnseen(connectionId: string, keyId: string, keyName: string): Promise<void> {
    let kind: Notice['kind'] = 'unseen_key_deleted';
    try {
      const { client } = await ctx.connected(connectionId);
      await client.deleteKey(keyId);
    } catch (error) {
      // Already gone is as good as deleted.
      if (!(error instanceof ApiFailure && error.info.code === 'not_found')) kind = 'unseen_key_live';
    }
    if (kind === 'unseen_key_deleted') {
      await (await ctx.cache(connectionId)).remove(keyId).catch(() => {});
    } else {
      ctx.syncSoon(connectionId);
    }
    await ctx.deps.notices.add({ id: ctx.deps.newId(), kind, keyId, keyName, at: ctx.deps.now().toISOString() });
  }
}
