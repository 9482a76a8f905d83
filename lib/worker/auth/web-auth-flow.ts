// browser.identity behind an interface, so the sign-in flow runs in unit
// tests and Chrome/Firefox differences stay here.
import { browser } from 'wxt/browser';

export interface WebAuthFlow {
  /** https://<id>.chromiumapp.org/ in Chrome, https://<hash>.extensions.allizom.org/ in Firefox. */
  redirectUrl(): string;
  /** Opens the provider's page; resolves with the URL it redirected to, rejects if the window was closed. */
  launch(url: string, interactive: boolean): Promise<string>;
}

export const browserWebAuthFlow: WebAuthFlow = {
  redirectUrl: () => browser.identity.getRedirectURL(),
  async launch(url, interactive) {
    const result = await browser.identity.launchWebAuthFlow({ url, interactive });
    if (!result) throw new Error('no redirect');
    return result;
  },
};
