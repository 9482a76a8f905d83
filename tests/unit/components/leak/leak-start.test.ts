// popup.html#leak…: the panel's start, read from the URL (outside input).
import { describe, expect, it } from 'vitest';
import { readLeakStart } from '../../../../entrypoints/popup/params';

describe('readLeakStart', () => {
  const id = '0b7f5a8e-7d3c-4a8e-9f55-3c1d2e4b6a70';
  it('opens the panel for #leak, with the held selection id and the tab from the menu', () => {
    expect(readLeakStart('#leak')).toEqual({});
    expect(readLeakStart(`#leak&selection=${id}&tab=42`)).toEqual({ selection: id, tabId: 42 });
  });
  it('no #leak: the ordinary popup', () => {
    expect(readLeakStart('')).toBeNull();
    expect(readLeakStart('#other')).toBeNull();
    expect(readLeakStart('#leaky')).toBeNull();
  });
  it('drops what is not an id: a key pasted into the URL is never taken as a selection', () => {
    expect(readLeakStart('#leak&selection=wbk_abcdefghijklmnopqrstuvwxyzABCDEF123456&tab=-1')).toEqual({});
    expect(readLeakStart('#leak&tab=12abc')).toEqual({});
  });
});
