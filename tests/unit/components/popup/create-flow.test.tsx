// @vitest-environment happy-dom
// The create flow inside the popup: where focus goes when each step closes,
// and the already-issued retry (a fresh idempotency key, the same values).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PopupApp } from '../../../../components/PopupApp';
import type { PopupApi } from '../../../../components/api';
import type { CreateInput } from '../../../../lib/page/worker-client';
import type { CreateResult } from '../../../../lib/shared/messages/keys-create';
import type { AnyRequest } from '../../../../lib/shared/messages';
import { byRole, click, flush, makeKey, mount, queryByRole, submit, type, unmountAll } from '../../../support/dom';
import { fakeSend } from '../../../support/page-api';

afterEach(unmountAll);

const NOW = new Date('2026-11-26T12:00:00Z');

function api(results: CreateResult[]): PopupApi & { createKey: ReturnType<typeof vi.fn>; sent: AnyRequest[] } {
  const sent: AnyRequest[] = [];
  return {
    sent,
    send: fakeSend((req) => {
      sent.push(req);
      if (req.type === 'keys.sync') return { ok: { keys: [], syncedAt: NOW.toISOString() } };
      if (req.type === 'keys.delete') return { ok: null };
      if (req.type === 'notices.take') return { ok: [] };
      return { error: { code: 'internal', message: `unexpected ${req.type}` } };
    }),
    createKey: vi.fn(async (_input: CreateInput) => results.shift()!),
    readCache: async () => null,
    openOptions: vi.fn(),
    copy: vi.fn(async () => {}),
    now: () => NOW,
  };
}

/** Waits for a lazily loaded part (its chunk is a real dynamic import here) to show `role`/`name`. */
async function until(root: HTMLElement, role: string, name: string): Promise<HTMLElement> {
  for (let i = 0; i < 100 && !queryByRole(root, role, name); i++) await flush(20);
  return byRole(root, role, name);
}

async function generate(root: HTMLElement, name: string) {
  await click(byRole(root, 'button', 'Generate API Key'));
  await type(await until(root, 'textbox', 'Name'), name);
  await submit(root.querySelector('form')!);
  await flush();
}

const generateButton = (root: HTMLElement) => byRole(root, 'button', 'Generate API Key');

describe('create flow', () => {
  it('Cancel gives focus back to Generate API Key', async () => {
    const root = await mount(<PopupApp api={api([])} />);
    await flush();
    await click(generateButton(root));
    await click(await until(root, 'button', 'Cancel'));
    await flush();
    expect(document.activeElement).toBe(generateButton(root));
  });

  it('Done on the secret gives focus back to Generate API Key', async () => {
    const root = await mount(<PopupApp api={api([{ ok: { key: makeKey(1, { name: 'A' }), secret: 'wbk_x' } }])} />);
    await flush();
    await generate(root, 'A');
    await click(byRole(root, 'button', 'Copy'));
    await click(byRole(root, 'button', 'Done'));
    await flush();
    expect(queryByRole(root, 'textbox', 'New API key')).toBeNull();
    expect(document.activeElement).toBe(generateButton(root));
  });

  it('already issued: Keep gives focus back; Delete-and-retry deletes, resubmits with a new idempotency key and reveals', async () => {
    const issued = makeKey(1, { name: 'A' });
    const fresh = makeKey(2, { name: 'A' });
    const a = api([
      { ok: { key: issued, secret: null, alreadyIssued: true } },
      { ok: { key: issued, secret: null, alreadyIssued: true } },
      { ok: { key: fresh, secret: 'wbk_fresh' } },
    ]);
    const root = await mount(<PopupApp api={a} />);
    await flush();
    await generate(root, 'A');
    await click(await until(root, 'button', 'Keep it'));
    await flush();
    expect(document.activeElement).toBe(generateButton(root));

    await generate(root, 'A');
    await click(byRole(root, 'button', 'Delete it and generate a new one'));
    await flush();
    expect(a.sent).toContainEqual({ type: 'keys.delete', id: issued.id });
    const [first, retry] = a.createKey.mock.calls.slice(1).map((c) => c[0] as CreateInput);
    expect(retry).toEqual({ ...first, idempotencyKey: expect.any(String) });
    expect(retry!.idempotencyKey).not.toBe(first!.idempotencyKey);
    expect((byRole(root, 'textbox', 'New API key') as HTMLInputElement).value).toBe('wbk_fresh');
  });
});
