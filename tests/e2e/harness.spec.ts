// The harness checks itself: assertions like "no console error" and "no
// secret on disk" are only worth something if the capture and the search can
// see what they look for.
import { test, expect } from './support/fixtures';
import { findInProfile } from '../../testkit/profile-search';
import { startFaultProxy } from './support/fault-proxy';

test('console capture sees page exceptions, console.error in pages and in the worker', async ({ ext, openPopup }) => {
  const popup = await openPopup();
  await popup.evaluate(() => {
    console.error('page-error-marker');
    setTimeout(() => {
      throw new Error('thrown-marker');
    });
    void Promise.reject(new Error('rejection-marker'));
  });
  const worker = await ext.worker();
  await worker.evaluate(() => console.error('worker-error-marker'));
  await expect.poll(() => ext.errors.join('\n')).toContain('page-error-marker');
  await expect.poll(() => ext.errors.join('\n')).toContain('thrown-marker');
  await expect.poll(() => ext.errors.join('\n')).toContain('rejection-marker');
  await expect.poll(() => ext.errors.join('\n')).toContain('worker-error-marker');
  // Clear them, or the fixture's suite-wide check would (rightly) fail this test.
  ext.errors.length = 0;
});

test('an unhandled rejection in the worker is reported, so the suite-wide check can see it', async ({ ext }) => {
  const worker = await ext.worker();
  await worker.evaluate(() => {
    setTimeout(() => void Promise.reject(new Error('worker-rejection-marker')));
  });
  await expect.poll(() => ext.errors.join('\n')).toContain('unhandled rejection: Error: worker-rejection-marker');
  ext.errors.length = 0;
});

test('the profile search finds a value written to chrome.storage.local and IndexedDB', async ({ ext, openPopup }) => {
  const popup = await openPopup();
  await popup.evaluate(async () => {
    await chrome.storage.local.set({ probe: 'storage-needle-7f3a' });
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('probe-db', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('s');
      open.onsuccess = () => {
        const tx = open.result.transaction('s', 'readwrite');
        tx.objectStore('s').put('idb-needle-9c21', 'k');
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('the IndexedDB write failed'));
      };
    });
  });
  await ext.close();
  expect(findInProfile(ext.profileDir, 'storage-needle-7f3a').length).toBeGreaterThan(0);
  expect(findInProfile(ext.profileDir, 'idb-needle-9c21').length).toBeGreaterThan(0);
});

test('a decoy API on another origin records the admin token when the worker sends it there', async ({ server, connect, openPopup }) => {
  // security.spec asserts this decoy sees no token; that is only worth something if it would see one.
  const decoy = await startFaultProxy(server.url, { hostname: 'localhost' });
  try {
    await connect({ apiUrl: decoy.url });
    const popup = await openPopup();
    await expect(popup.getByRole('button', { name: 'Generate API Key' })).toBeVisible();
    expect(new URL(decoy.url).origin).not.toBe(new URL(server.url).origin);
    expect(decoy.seen().filter((r) => r.authorization === `Bearer ${server.adminToken}`).length).toBeGreaterThan(0);
  } finally {
    await decoy.close();
  }
});
