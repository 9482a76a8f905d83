// @vitest-environment happy-dom
// Options → Audit log: pages through the period by way of the worker, then saves one CSV; a failure saves nothing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditExport } from '../../../../components/activity/AuditExport';
import type { AuditPage } from '../../../../lib/shared/messages/audit-list';
import { byRole, click, flush, mount, queryByRole, type, unmountAll } from '../../../support/dom';
import { fakeWorker } from '../../../support/page-api';
import { auditEvent } from '../../../support/audit';

afterEach(unmountAll);

const NOW = () => new Date(2030, 0, 20, 15, 0);

function setup(answer: (cursor: string | undefined) => { ok: AuditPage } | { error: { code: 'unreachable'; message: string } }) {
  const worker = fakeWorker({ 'audit.list': (req) => answer(req.cursor) });
  const saved: { file: Blob; name: string }[] = [];
  const save = vi.fn((file: Blob, name: string) => void saved.push({ file, name }));
  return { worker, saved, save };
}

describe('AuditExport', () => {
  it('asks for the chosen period page by page, then saves every event in one CSV', async () => {
    const { worker, saved, save } = setup((cursor) =>
      cursor === undefined
        ? { ok: { events: [auditEvent(3), auditEvent(2)], nextCursor: 'c1' } }
        : { ok: { events: [auditEvent(1)], nextCursor: null } },
    );
    const root = await mount(<AuditExport send={worker.send} now={NOW} save={save} />);
    await type(byRole(root, 'textbox', 'From'), '2030-01-01');
    await type(byRole(root, 'textbox', 'To (inclusive)'), '2030-01-10');
    await click(byRole(root, 'button', 'Download audit log (CSV)'));
    await flush();
    const period = { after: new Date(2030, 0, 1).toISOString(), before: new Date(2030, 0, 11).toISOString(), limit: 500 };
    expect(worker.sent).toEqual([
      { type: 'audit.list', ...period },
      { type: 'audit.list', ...period, cursor: 'c1' },
    ]);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.name).toBe('audit-log-2030-01-01-to-2030-01-10.csv');
    const text = await saved[0]!.file.text();
    expect(text.trim().split('\r\n')).toHaveLength(4);
    expect(byRole(root, 'status').textContent).toBe('Downloaded 3 events as audit-log-2030-01-01-to-2030-01-10.csv.');
  });

  it('a failed page says why and saves nothing', async () => {
    const { worker, saved, save } = setup((cursor) =>
      cursor === undefined
        ? { ok: { events: [auditEvent(3)], nextCursor: 'c1' } }
        : { error: { code: 'unreachable', message: "Can't reach the key API." } },
    );
    const root = await mount(<AuditExport send={worker.send} now={NOW} save={save} />);
    await click(byRole(root, 'button', 'Download audit log (CSV)'));
    await flush();
    expect(byRole(root, 'alert').textContent).toBe("Couldn't download the audit log: Can't reach the key API. Nothing was saved; try again.");
    expect(saved).toEqual([]);
  });

  it('a From after To is explained and asks nothing', async () => {
    const { worker, save } = setup(() => ({ ok: { events: [], nextCursor: null } }));
    const root = await mount(<AuditExport send={worker.send} now={NOW} save={save} />);
    await type(byRole(root, 'textbox', 'From'), '2030-02-01');
    const button = byRole(root, 'button', 'Download audit log (CSV)');
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(root.querySelector(`#${button.getAttribute('aria-describedby')}`)?.textContent).toBe('Choose a From date on or before the To date.');
    await click(button);
    expect(worker.sent).toEqual([]);
  });

  it('an empty period downloads nothing and says so', async () => {
    const { worker, save } = setup(() => ({ ok: { events: [], nextCursor: null } }));
    const root = await mount(<AuditExport send={worker.send} now={NOW} save={save} />);
    await click(byRole(root, 'button', 'Download audit log (CSV)'));
    await flush();
    expect(save).not.toHaveBeenCalled();
    expect(byRole(root, 'status').textContent).toBe('No events in this period: nothing to download.');
    expect(queryByRole(root, 'alert')).toBeNull();
  });
});
