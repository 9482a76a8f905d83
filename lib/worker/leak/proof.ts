// The proof after "Revoke now": GET /v1/whoami with the leaked key itself,
// which the worker still holds in memory. 401 means it no longer works.
import { ApiErrorBody } from '../../shared/contract/schemas';
import type { LeakProof } from '../../shared/messages/leak-revoke';
import type { FetchLike } from '../api-client';

const TIMEOUT_MS = 10_000;

export async function proveRevoked(apiUrl: string, secret: string, doFetch: FetchLike = (u, i) => fetch(u, i)): Promise<LeakProof> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await doFetch(`${apiUrl}/v1/whoami`, {
      method: 'GET',
      headers: { Authorization: `Bearer ${secret}`, Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
      signal: controller.signal,
    });
    const text = await response.text().catch(() => '');
    if (response.status === 401) {
      let code = '';
      try {
        const body = ApiErrorBody.safeParse(JSON.parse(text));
        if (body.success && /^[a-z_]{1,40}$/.test(body.data.error.code)) code = ` ${body.data.error.code}`;
      } catch {
        // not JSON: the status alone is the proof
      }
      return { status: 'refused', detail: `Proof: the key API now answers 401${code} to this key (GET /v1/whoami). It no longer works.` };
    }
    if (response.ok) {
      return {
        status: 'still_works',
        detail: 'Warning: the key API still accepts this key (GET /v1/whoami answered 200). Check the key list and try again.',
      };
    }
    return { status: 'unchecked', detail: `Revoked, but the check with the key got HTTP ${response.status}, so it is not proven yet.` };
  } catch {
    return { status: 'unchecked', detail: 'Revoked, but the key API could not be reached to prove it no longer works.' };
  } finally {
    clearTimeout(timer);
  }
}
