// Request log lines, written in batches. stdout to a pipe or file is a
// synchronous write(2) per call in Node; one per request cost the whoami path
// a syscall each, and a slow reader of the pipe stalled the whole server.
// Batching bounds that to one write per `delayMs`; lines are at most that late.
export class LineBuffer {
  private pending: string[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: (chunk: string) => void,
    private readonly delayMs = 20,
    private readonly maxLines = 512,
  ) {}

  readonly push = (line: string): void => {
    this.pending.push(line);
    if (this.pending.length >= this.maxLines) this.flush();
    else this.timer ??= setTimeout(this.flush, this.delayMs);
  };

  /** Writes everything pending now; call before exiting and before unbuffered output. */
  readonly flush = (): void => {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const chunk = `${this.pending.join('\n')}\n`;
    this.pending = [];
    this.write(chunk);
  };
}
