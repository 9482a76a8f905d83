// Host permission for the key API's origin. A service worker has no user
// gesture, so it can only check: the options page calls
// browser.permissions.request({ origins: [originPattern(apiUrl)] }) itself
// before it sends connection.connect. The pattern has no port (see
// originPattern): Firefox never matches one that carries a port.
import { browser } from 'wxt/browser';
import { originPattern } from '../shared/settings/url';
import { ApiFailure } from '../shared/errors';

export async function hasHostPermission(apiUrl: string): Promise<boolean> {
  return browser.permissions.contains({ origins: [originPattern(apiUrl)] });
}

export function permissionDenied(apiUrl: string): ApiFailure {
  return new ApiFailure('permission_denied', `Allow access to ${new URL(apiUrl).origin} to connect.`);
}
