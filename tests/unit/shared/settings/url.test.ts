import { describe, expect, it } from 'vitest';
import { originPattern, validateApiUrl } from '../../../../lib/shared/settings/url';

describe('originPattern', () => {
  it('drops the port: Firefox never grants a match pattern that carries one', () => {
    expect(originPattern('http://127.0.0.1:8787')).toBe('http://127.0.0.1/*');
    expect(originPattern('https://keys.example.com:8443/api')).toBe('https://keys.example.com/*');
    expect(originPattern('http://localhost:41234/v1')).toBe('http://localhost/*');
  });
  it('keeps scheme and host, and drops the path', () => {
    expect(originPattern('https://keys.example.com/api/v2')).toBe('https://keys.example.com/*');
    expect(originPattern('http://127.0.0.1')).toBe('http://127.0.0.1/*');
  });
  it('keeps an IPv6 host in brackets', () => {
    expect(originPattern('http://[::1]:8787')).toBe('http://[::1]/*');
  });
  it('agrees with what validateApiUrl stores', () => {
    const checked = validateApiUrl(' https://Keys.Example.com:8443/api/ ');
    expect(checked).toEqual({ ok: true, apiUrl: 'https://keys.example.com:8443/api' });
    if (checked.ok) expect(originPattern(checked.apiUrl)).toBe('https://keys.example.com/*');
  });
});
