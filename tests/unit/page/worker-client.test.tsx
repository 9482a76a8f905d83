// The page-side messaging client: never throws, parses every reply.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { makeKey } from '../../support/dom';

type Listener = (arg?: unknown) => void;
const state = vi.hoisted(() => ({
  sendMessage: async (_msg: unknown): Promise<unknown> => undefined,
  port: null as null | { posted: unknown[]; msg: Listener[]; disc: Listener[]; disconnect: () => void },
  connectName: '',
}));

vi.mock('wxt/browser', () => ({
  browser: {
    runtime: {
      sendMessage: (msg: unknown) => state.sendMessage(msg),
      connect: ({ name }: { name: string }) => {
        state.connectName = name;
        const port = {
          posted: [] as unknown[],
          msg: [] as Listener[],
          disc: [] as Listener[],
          disconnect: vi.fn(),
        };
        state.port = port;
        return {
          postMessage: (m: unknown) => port.posted.push(m),
          onMessage: { addListener: (l: Listener) => port.msg.push(l) },
          onDisconnect: { addListener: (l: Listener) => port.disc.push(l) },
          disconnect: port.disconnect,
        };
      },
      openOptionsPage: async () => {},
    },
  },
}));

const { keysSync } = await import('../../../lib/shared/messages/keys-sync');
const { send, createKey, CREATE_INTERRUPTED_MESSAGE } = await import('../../../lib/page/worker-client');

beforeEach(() => {
  state.port = null;
});

describe('send', () => {
  it('returns a parsed reply', async () => {
    state.sendMessage = async () => ({ ok: { keys: [makeKey(1)], syncedAt: null } });
    expect(await send(keysSync)).toEqual({ ok: { keys: [makeKey(1)], syncedAt: null } });
  });
  it('passes errors through', async () => {
    state.sendMessage = async () => ({ error: { code: 'unreachable', message: "Can't reach the server." } });
    expect(await send(keysSync)).toEqual({ error: { code: 'unreachable', message: "Can't reach the server." } });
  });
  it('turns a missing worker into an interrupted error instead of throwing', async () => {
    state.sendMessage = async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    };
    const reply = await send(keysSync);
    expect('error' in reply && reply.error.code).toBe('interrupted');
  });
  it('turns an unparsable or empty reply into an error', async () => {
    state.sendMessage = async () => ({ ok: { keys: 'nope' } });
    const bad = await send(keysSync);
    expect('error' in bad && bad.error.code).toBe('internal');
    state.sendMessage = async () => undefined;
    const none = await send(keysSync);
    expect('error' in none && none.error.code).toBe('interrupted');
  });
});

describe('createKey', () => {
  it('posts one CreateStart and resolves with the first message', async () => {
    const p = createKey({ name: 'CI', expiresAt: null });
    expect(state.connectName).toBe('keys.create');
    expect(state.port!.posted).toEqual([{ type: 'keys.create', name: 'CI', expiresAt: null }]);
    state.port!.msg.forEach((l) => l({ ok: { key: makeKey(1), secret: 'wbk_x' } }));
    expect(await p).toEqual({ ok: { key: makeKey(1), secret: 'wbk_x' } });
    expect(state.port!.disconnect).toHaveBeenCalled();
  });
  it('resolves interrupted when the port closes first', async () => {
    const p = createKey({ name: 'CI', expiresAt: null });
    state.port!.disc.forEach((l) => l());
    expect(await p).toEqual({ error: { code: 'interrupted', message: CREATE_INTERRUPTED_MESSAGE } });
  });
  it('refuses a malformed answer', async () => {
    const p = createKey({ name: 'CI', expiresAt: null });
    state.port!.msg.forEach((l) => l({ ok: { secret: 42 } }));
    const r = await p;
    expect('error' in r && r.error.code).toBe('internal');
  });
});
