// Clipboard access from a document that never has focus (the offscreen
// document): navigator.clipboard needs focus there, execCommand does not,
// given the clipboardRead / clipboardWrite permissions.
import type { ClipboardIo } from '../shared/clipboard/compare-clear';

export function execCommandClipboard(doc: Document): ClipboardIo {
  return {
    async read() {
      const area = doc.createElement('textarea');
      doc.body.appendChild(area);
      try {
        area.focus();
        if (!doc.execCommand('paste')) throw new Error('Reading the clipboard was refused (clipboardRead).');
        return area.value;
      } finally {
        area.value = '';
        area.remove();
      }
    },
    async write(text) {
      // A copy event handler sets the exact data, even '', which a textarea selection cannot.
      const onCopy = (event: ClipboardEvent) => {
        event.clipboardData?.setData('text/plain', text);
        event.preventDefault();
      };
      doc.addEventListener('copy', onCopy);
      try {
        if (!doc.execCommand('copy')) throw new Error('Writing the clipboard was refused (clipboardWrite).');
      } finally {
        doc.removeEventListener('copy', onCopy);
      }
    },
  };
}
