// The public half of an RSA-2048 key that pins the extension's id in
// development and test builds (manifest `key`), so the OpenID redirect URI
// https://<id>.chromiumapp.org/ (= identity.getRedirectURL()) is the same on
// every machine and can be registered with a provider. The private half was
// never kept: Chrome needs it only to sign a .crx, which we never make; the
// store assigns release builds their own id (the zip scripts leave this out).
import { createHash } from 'node:crypto';

export const DEV_EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAonXkJJwUBW54dpGdbEthTkEFzyCln//dAvoFgNvtC4jqyhkKT6gtsJpuS9M7uEi25MGQdMJ066h91UFJH/FJXWwThncQFg/6R2Rqjhcw4mwuI6tNNeRdMllOz5Ue7s0wyffI+Hc9WVlvrsNRMpM79Qt3xGoI7+zQfE1kXBXExGHzrzZCWz4ZAkqf2A+7B8BLAhIcMdM0RvfJ4VVksxkjJ0Vw4LT9l9Hh1pkQ47CQap88aoiSrCIEXHImKOMm0EqvxmkvsSkNpa7DG0YUYn4/Sr1uwrJzx/f05FSk7tF4+nEbrJ97/2Sq5K98iLZUkSoPUfKR/cK/T2fM3hQibQb32wIDAQAB';

/** Chrome's rule: sha256 of the key's DER bytes, first 32 hex digits mapped 0-f → a-p. */
function extensionIdFromKey(base64Key: string): string {
  const hex = createHash('sha256').update(Buffer.from(base64Key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

/** omdijgoppelbcgjijmdabefhfldjgfpp */
export const DEV_EXTENSION_ID = extensionIdFromKey(DEV_EXTENSION_PUBLIC_KEY);
