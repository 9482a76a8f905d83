// The audit CSV: RFC 4180 quoting, CSV-injection safety, no secret-shaped text, period bounds.
import { describe, expect, it } from 'vitest';
import { REDACTED, buildAuditCsv, csvCell, periodBounds } from '../../../../components/activity/csv';
import { auditEvent } from '../../../support/audit';

/** Splits our CSV back into rows of cells (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['=HYPERLINK("http://evil.example","click")', `"'=HYPERLINK(""http://evil.example"",""click"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['', ''],
  ])('%j → %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe('buildAuditCsv', () => {
  it('a header, then one row per event in the given order, CRLF lines, a UTF-8 BOM', () => {
    const events = [
      auditEvent(2, { action: 'key.renamed', details: { oldName: 'CI', newName: 'CI, v2' }, userAgent: 'curl/8.5', requestId: 'r-2' }),
      auditEvent(1, { actor: null, action: 'auth.failed', key: null, clientAddress: null }),
    ];
    const { text, redacted } = buildAuditCsv(events);
    expect(text.startsWith('\uFEFFtime,actor_name,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual([
      'time',
      'actor_name',
      'actor_email',
      'actor_method',
      'action',
      'key_id',
      'key_name',
      'key_hint',
      'details',
      'client_address',
      'user_agent',
      'request_id',
      'event_id',
    ]);
    expect(rows[1]).toEqual([
      events[0]!.at,
      'Alice',
      'alice@example.com',
      'token',
      'key.renamed',
      events[0]!.key!.id,
      'Key 2',
      '…abcd',
      '{"oldName":"CI","newName":"CI, v2"}',
      '127.0.0.1',
      'curl/8.5',
      'r-2',
      '2',
    ]);
    expect(rows[2]).toEqual([events[1]!.at, '', '', '', 'auth.failed', '', '', '', '', '', '', '', '1']);
    expect(rows).toHaveLength(3);
    expect(redacted).toBe(0);
  });

  it('neutralizes formulas a key name or user agent could carry', () => {
    const { text } = buildAuditCsv([auditEvent(1, { key: { id: 'key_00000000000000000001', name: '=cmd|"/c calc"!A1', hint: 'wbk_…abcd' } })]);
    const rows = parseCsv(text.slice(1));
    expect(rows[1]![6]).toBe(`'=cmd|"/c calc"!A1`);
  });

  it('holds no "wbk_" text: hints lose the prefix, a key named like a secret is redacted and counted', () => {
    const secretLike = 'wbk_Zx8Kq2Lm9Rt4Vw7Ny1Pb6Hc3Jd5Fg0Sa1r3Q76';
    const { text, redacted } = buildAuditCsv([
      auditEvent(2, { key: { id: 'key_00000000000000000002', name: `pasted ${secretLike} by mistake`, hint: 'wbk_…3Q76' } }),
      auditEvent(1, { action: 'key.renamed', details: { oldName: secretLike, newName: 'fixed' } }),
    ]);
    expect(text).not.toContain('wbk_');
    expect(text).toContain(`pasted ${REDACTED} by mistake`);
    expect(text).toContain('…3Q76');
    expect(redacted).toBe(2);
  });
});

describe('periodBounds', () => {
  it('spans local midnight of From to local midnight after To', () => {
    expect(periodBounds('2030-01-01', '2030-01-31')).toEqual({
      after: new Date(2030, 0, 1).toISOString(),
      before: new Date(2030, 1, 1).toISOString(),
    });
    expect(periodBounds('2030-03-05', '2030-03-05')).toEqual({
      after: new Date(2030, 2, 5).toISOString(),
      before: new Date(2030, 2, 6).toISOString(),
    });
  });

  it.each([
    ['2030-02-01', '2030-01-31'],
    ['', '2030-01-31'],
    ['2030-02-30', '2030-03-01'],
    ['1969-12-31', '2030-01-01'],
    ['2030-1-1', '2030-01-02'],
  ])('refuses %s … %s', (from, to) => {
    expect(periodBounds(from, to)).toBeNull();
  });
});
