// Chromium with an extension loaded from any folder (the bench's private
// build, or the floor copy): the e2e launcher, plus removing the profile on close.
import { rmSync } from 'node:fs';
import { launchExtension, type ExtensionBrowser } from '../testkit/browser';

export async function launchAt(extensionDir: string): Promise<ExtensionBrowser> {
  const ext = await launchExtension({ extensionDir });
  return {
    ...ext,
    async close() {
      await ext.close();
      rmSync(ext.profileDir, { recursive: true, force: true });
    },
  };
}
