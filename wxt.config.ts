import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { DEV_EXTENSION_PUBLIC_KEY } from './testkit/dev-extension-key';

// The manifest is the extension's security surface: every permission here is
// justified in README.md ("Permissions"), and tests/e2e/manifest.spec.ts reads
// the built manifest to hold us to it.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // MV3 for Firefox too: optional_host_permissions and storage.session behave as in Chrome.
  manifestVersion: 3,
  vite: () => ({ plugins: [preact()] }),
  // `wxt zip -b firefox` also writes the sources zip AMO asks for (the build is
  // minified): only what building the add-on needs, see README "Firefox".
  zip: {
    excludeSources: [
      'server/**',
      'tests/**',
      'bench/**',
      'testkit/**',
      'docs/**',
      'scripts/**',
      'test-results/**',
      'playwright-report/**',
      '**/*.db',
    ],
  },
  manifest: ({ browser }) => ({
    name: 'Workbase API Keys',
    description: "Manage your organization's API keys from the toolbar: generate, copy once, rename, delete, and see what expires soon.",
    // storage: settings and the session token. alarms: the hourly expiry check and
    // clipboard clearing that survive a worker restart. offscreen + clipboardWrite
    // + clipboardRead: clear the copied key from the clipboard after the popup
    // closed, only if the clipboard still holds it (Chrome has no other way).
    // Firefox has no offscreen API: it clears from its background page.
    // identity: SSO sign-in through identity.launchWebAuthFlow (no host access, no prompt).
    // contextMenus + activeTab + scripting: leak response ("Look up Workbase key" on a selection,
    // "Scan this page" injected only on that click into the tab the admin is on). No host permission.
    permissions: [
      'storage',
      'alarms',
      ...(browser === 'firefox' ? [] : ['offscreen']),
      'clipboardWrite',
      'clipboardRead',
      'identity',
      'contextMenus',
      'activeTab',
      'scripting',
    ],
    // Asked for only when the admin switches reminders on.
    optional_permissions: ['notifications'],
    // Loopback only, so the reference key API works in development and tests
    // without a prompt. Any other origin is requested at runtime, one origin at a time.
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
    optional_host_permissions: ['https://*/*'],
    // Chrome only: IT presets locked connections through the 3rdparty extension policy (README "Managed deployment").
    // Firefox reads the same values from policies.json → 3rdparty without a schema in the manifest.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed-schema.json' } }),
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    },
    // Chrome, except store packages (`npm run zip` sets WORKBASE_STORE_BUILD=1; the
    // store assigns its own id): a fixed id, so the SSO redirect URI
    // https://<id>.chromiumapp.org/ can be registered once with a provider.
    // Public half only; see testkit/dev-extension-key.ts.
    ...(browser !== 'firefox' && process.env.WORKBASE_STORE_BUILD !== '1' && { key: DEV_EXTENSION_PUBLIC_KEY }),
    // Firefox only: Chrome warns about keys it does not know.
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          id: 'api-keys@workbase.example',
          strict_min_version: '140.0',
          data_collection_permissions: { required: ['none'] },
        },
        // data_collection_permissions needs Firefox for Android 142; older versions would ignore it.
        gecko_android: { strict_min_version: '142.0' },
      },
    }),
  }),
});
