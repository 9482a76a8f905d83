// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KeyList } from '../../../components/KeyList';
import { PopupApp } from '../../../components/PopupApp';
import type { PopupApi } from '../../../components/api';
import { allByRole, byRole, click, flush, makeKey, mount, queryByRole, unmountAll } from '../../support/dom';
import type { KeyMeta } from '../../../lib/shared/contract/schemas';
import type { AnyRequest } from '../../../lib/shared/messages';
import { fakeSend } from '../../support/page-api';
import { DEFAULT_PREFERENCES } from '../../../lib/shared/settings/preferences';
import { readPopupParams } from '../../../entrypoints/popup/params';

afterEach(unmountAll);

const NOW = new Date('2026-11-26T12:00:00Z');
const DAY = 86_400_000;
const HOUR = 3_600_000;
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

const keys: KeyMeta[] = [
  makeKey(1, { name: 'Forever', createdAt: at(-2 * DAY) }),
  makeKey(2, { name: 'Three days', createdAt: at(-20 * DAY), expiresAt: at(3 * DAY) }),
  makeKey(3, { name: 'Gone', createdAt: at(-30 * DAY), expiresAt: at(-2 * DAY), status: 'expired' }),
  makeKey(4, { name: 'Twelve hours', createdAt: at(-40 * DAY), expiresAt: at(12 * HOUR) }),
  makeKey(5, { name: 'Twenty days', createdAt: at(-1 * DAY), expiresAt: at(20 * DAY) }),
  makeKey(6, { name: 'Dusty', createdAt: at(-120 * DAY), lastUsedAt: at(-100 * DAY) }),
];

function listProps(over: Partial<Parameters<typeof KeyList>[0]> = {}) {
  return {
    keys,
    now: NOW,
    editingId: null,
    onEdit: vi.fn(),
    onCancelEdit: vi.fn(),
    onRename: vi.fn(async () => null),
    onDelete: vi.fn(),
    onReplace: vi.fn(),
    ...over,
  };
}
const names = (root: HTMLElement) => Array.from(root.querySelectorAll('.key-name')).map((n) => n.textContent);
const row = (root: HTMLElement, name: string) => allByRole(root, 'listitem').find((li) => li.querySelector('.key-name')?.textContent === name)!;

describe('expiry view (KeyList)', () => {
  it('lists keys expiring soon first, soonest first, then the rest newest first', async () => {
    const root = await mount(<KeyList {...listProps()} />);
    expect(names(root)).toEqual(['Twelve hours', 'Three days', 'Twenty days', 'Forever', 'Gone', 'Dusty']);
  });

  it('marks expiring-soon keys with colour, an icon and words', async () => {
    const root = await mount(<KeyList {...listProps()} />);
    const soon = row(root, 'Three days');
    expect(soon.classList.contains('is-soon')).toBe(true);
    expect(soon.querySelector('.warn-icon')).not.toBeNull();
    expect(soon.textContent).toContain('expires in 3 days');
    expect(row(root, 'Twelve hours').textContent).toContain('expires in 12 hours');
    expect(row(root, 'Twenty days').classList.contains('is-soon')).toBe(false);
  });

  it('offers filters named exactly, each with its count, as a labelled group of toggle buttons', async () => {
    const root = await mount(<KeyList {...listProps()} />);
    const group = byRole(root, 'group', 'Show keys');
    const counts = Object.fromEntries(
      ['All', 'Expiring soon', 'Expired', 'Never expires'].map((n) => [n, byRole(group, 'button', n).querySelector('.filter-count')!.textContent]),
    );
    expect(counts).toEqual({ All: '6 keys', 'Expiring soon': '2 keys', Expired: '1 key', 'Never expires': '2 keys' });
    expect(byRole(group, 'button', 'All').getAttribute('aria-pressed')).toBe('true');

    await click(byRole(group, 'button', 'Expiring soon'));
    expect(names(root)).toEqual(['Twelve hours', 'Three days']);
    expect(byRole(group, 'button', 'Expiring soon').getAttribute('aria-pressed')).toBe('true');
    expect(byRole(group, 'button', 'All').getAttribute('aria-pressed')).toBe('false');
    await click(byRole(group, 'button', 'Expired'));
    expect(names(root)).toEqual(['Gone']);
    await click(byRole(group, 'button', 'Never expires'));
    expect(names(root)).toEqual(['Forever', 'Dusty']);
  });

  it('says so when a filter has no keys', async () => {
    const root = await mount(<KeyList {...listProps({ keys: [keys[0]!] })} />);
    await click(byRole(root, 'button', 'Expired'));
    expect(root.textContent).toContain('No expired keys.');
  });

  it('an expired key offers rename, "Generate replacement" and "Delete": no renew or reactivate', async () => {
    const p = listProps();
    const root = await mount(<KeyList {...p} />);
    const gone = row(root, 'Gone');
    expect(allByRole(gone, 'button').map((b) => b.getAttribute('aria-label'))).toEqual(['Edit Gone', 'Generate replacement for Gone', 'Delete Gone']);
    expect(gone.classList.contains('is-expired')).toBe(true);
    expect(gone.querySelector('.expired-icon')).not.toBeNull();
    expect(gone.textContent).toContain('expired 2 days ago');
    expect(root.textContent).not.toMatch(/renew|reactivate/i);
    await click(byRole(gone, 'button', 'Generate replacement for Gone'));
    expect(p.onReplace).toHaveBeenCalledWith(keys[2]);
  });

  it('offers replacement for expiring-soon keys only, not for healthy ones', async () => {
    const root = await mount(<KeyList {...listProps()} />);
    expect(queryByRole(root, 'button', 'Generate replacement for Three days')).not.toBeNull();
    expect(queryByRole(root, 'button', 'Edit Three days')).not.toBeNull();
    expect(queryByRole(root, 'button', 'Generate replacement for Twenty days')).toBeNull();
    expect(queryByRole(root, 'button', 'Generate replacement for Forever')).toBeNull();
  });

  it('shows last use and flags keys unused for 90+ days with text and an icon', async () => {
    const root = await mount(<KeyList {...listProps()} />);
    const dusty = row(root, 'Dusty');
    expect(dusty.textContent).toContain('last used 3 months ago');
    expect(dusty.querySelector('.flag-unused')?.textContent).toContain('unused for 90+ days');
    expect(dusty.querySelector('.flag-icon')?.getAttribute('aria-hidden')).toBe('true');
    expect(row(root, 'Forever').textContent).toContain('never used');
    expect(row(root, 'Forever').querySelector('.flag-unused')).toBeNull();
  });

  it('follows the warning window', async () => {
    const root = await mount(<KeyList {...listProps({ warningDays: 30 })} />);
    expect(names(root).slice(0, 3)).toEqual(['Twelve hours', 'Three days', 'Twenty days']);
  });

  it('highlights the given keys', async () => {
    const root = await mount(<KeyList {...listProps({ highlightIds: new Set([keys[1]!.id]) })} />);
    expect(row(root, 'Three days').classList.contains('is-highlighted')).toBe(true);
    expect(row(root, 'Twelve hours').classList.contains('is-highlighted')).toBe(false);
  });

  it('keeps 10,000 keys virtualized under a filter', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => makeKey(i, { expiresAt: i % 2 ? at(((i % 6) + 1) * DAY) : null }));
    const root = await mount(<KeyList {...listProps({ keys: many })} />);
    await click(byRole(root, 'button', 'Expiring soon'));
    expect(root.querySelectorAll('li').length).toBeLessThan(100);
    expect(root.querySelector('li')!.getAttribute('aria-setsize')).toBe('5000');
  });
});

describe('popup: filter and highlight from the URL, warning window from preferences', () => {
  function api(prefs: 'ok' | 'error', warningDays = 30): PopupApi & { sent: AnyRequest[] } {
    const sent: AnyRequest[] = [];
    return {
      sent,
      send: fakeSend(async (req: AnyRequest) => {
        sent.push(req);
        if (req.type === 'keys.sync') return { ok: { keys, syncedAt: NOW.toISOString() } };
        if (req.type === 'notices.take') return { ok: [] };
        if (req.type === 'preferences.get') {
          return prefs === 'ok'
            ? { ok: { ...DEFAULT_PREFERENCES, warningDays } }
            : { error: { code: 'internal', message: 'unexpected preferences.get' } };
        }
        return { error: { code: 'internal', message: 'no' } };
      }),
      createKey: vi.fn(async () => ({ error: { code: 'internal' as const, message: 'no' } })),
      readCache: vi.fn(async () => null),
      openOptions: vi.fn(),
      copy: vi.fn(async () => {}),
      now: () => NOW,
    };
  }

  it('opens on the given filter with the given keys highlighted', async () => {
    const root = await mount(<PopupApp api={api('error')} initialFilter="expiring" highlightIds={[keys[3]!.id]} />);
    await flush();
    expect(byRole(root, 'button', 'Expiring soon').getAttribute('aria-pressed')).toBe('true');
    expect(names(root)).toEqual(['Twelve hours', 'Three days']);
    expect(row(root, 'Twelve hours').classList.contains('is-highlighted')).toBe(true);
  });

  it('uses preferences.warningDays; without preferences the default 7 days, and no error shown', async () => {
    const withPrefs = await mount(<PopupApp api={api('ok', 30)} />);
    await flush();
    const soonCount = (root: HTMLElement) => byRole(root, 'button', 'Expiring soon').querySelector('.filter-count')!.textContent;
    expect(soonCount(withPrefs)).toBe('3 keys');
    expect(row(withPrefs, 'Twenty days').classList.contains('is-soon')).toBe(true);
    await unmountAll();
    const without = await mount(<PopupApp api={api('error')} />);
    await flush();
    expect(soonCount(without)).toBe('2 keys');
    expect(row(without, 'Twenty days').classList.contains('is-soon')).toBe(false);
    expect(queryByRole(without, 'alert')).toBeNull();
  });

  it('reads filter and keys from the URL, refusing what is not a filter or a key id', () => {
    const id = keys[0]!.id;
    expect(readPopupParams(`?filter=expiring&keys=${id},${keys[1]!.id}`)).toEqual({ filter: 'expiring', highlightIds: [id, keys[1]!.id] });
    expect(readPopupParams(`?filter=bogus&keys=<script>,${id}`)).toEqual({ filter: 'all', highlightIds: [id] });
    expect(readPopupParams('')).toEqual({ filter: 'all', highlightIds: [] });
  });
});

describe('filter counts from a stored summary', () => {
  it('match arrangeKeys at any later time and warning window', async () => {
    const { arrangeKeys, countFilters, summarizeExpiries } = await import('../../../lib/shared/expiry/rules');
    const all = [
      ...keys,
      makeKey(7, { name: 'Exactly now', createdAt: at(-DAY), expiresAt: at(0) }),
      makeKey(8, { name: 'Edge', createdAt: at(-DAY), expiresAt: at(7 * DAY) }),
    ];
    const summary = summarizeExpiries(all);
    for (const later of [0, HOUR, 13 * HOUR, 4 * DAY, 30 * DAY]) {
      for (const windowDays of [1, 7, 30]) {
        const when = new Date(NOW.getTime() + later);
        const arranged = arrangeKeys(all, when, windowDays);
        const expected = {
          all: arranged.all.length,
          expiring: arranged.expiring.length,
          expired: arranged.expired.length,
          never: arranged.never.length,
        };
        expect(countFilters(summary, when, windowDays)).toEqual(expected);
      }
    }
  });
});
