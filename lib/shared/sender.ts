// Only this extension's own pages may talk to the worker. There are no content
// scripts and no externally_connectable, so anything else is refused.

export interface RuntimeLike {
  id: string;
  getURL(path: string): string;
}
export interface SenderLike {
  id?: string;
  url?: string;
}

export function isOwnSender(sender: SenderLike | undefined, runtime: RuntimeLike): boolean {
  if (!sender || sender.id !== runtime.id) return false;
  if (sender.url !== undefined && !sender.url.startsWith(runtime.getURL('/'))) return false;
  return true;
}
