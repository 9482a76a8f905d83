// Answering before the request body was read (413, or an auth failure on a
// POST) and then closing the socket with unread data in the kernel's buffer
// makes the OS send a TCP reset, and a client that writes its whole body
// before reading then loses the response: it sees ECONNRESET instead of 413.
// So such a response says `Connection: close`, and the socket closes
// gracefully: FIN after the response, then whatever the client still sends
// is read and discarded until it closes its side, bounded in time and bytes
// so a client cannot hold the socket open by streaming forever.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

const LINGER_MS = 5_000;
const LINGER_BYTES = 64 * 1024 * 1024;

const lingering = new WeakSet<Socket>();
const discard = (): void => undefined;

/** Makes Node's post-response close of this socket graceful (see above). */
function lingerOnClose(incoming: IncomingMessage): void {
  const socket = incoming.socket;
  if (lingering.has(socket)) return;
  lingering.add(socket);
  // Node's HTTP server closes a `Connection: close` socket with destroySoon()
  // once the response is flushed; this replaces it for this socket only.
  let closing = false;
  socket.destroySoon = function gracefulClose(this: Socket) {
    // Called again by other cleanup paths once lingering: one linger is enough.
    if (closing) return;
    closing = true;
    const startBytes = this.bytesRead;
    const finish = () => {
      clearInterval(watch);
      clearTimeout(deadline);
      this.destroy();
    };
    const deadline = setTimeout(finish, LINGER_MS);
    const watch = setInterval(() => {
      if (this.bytesRead - startBytes > LINGER_BYTES) finish();
    }, 100);
    deadline.unref();
    watch.unref();
    this.once('end', finish);
    this.once('error', finish);
    this.once('close', finish);
    this.end();
    // Keep reading and discarding. The web-stream adapter the body was read
    // through would pause the request again on every chunk nobody reads
    // (backpressure), so it is detached: the body is abandoned by now.
    incoming.removeAllListeners('data');
    incoming.on('data', discard);
    incoming.resume();
    this.resume();
  };
}

/** For a response sent while the request body is still unread: close after it, gracefully. */
export function closeAfterUnreadBody(incoming: IncomingMessage | undefined, headers: Headers): void {
  if (!incoming || incoming.complete) return;
  headers.set('connection', 'close');
  lingerOnClose(incoming);
}
