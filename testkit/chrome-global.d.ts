// Code passed to page.evaluate / worker.evaluate runs inside the extension,
// where `chrome` exists. Typed with the same API shape the extension uses.
declare const chrome: typeof import('wxt/browser').browser;
