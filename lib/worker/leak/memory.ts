// The only place a leaked key's text lives: this worker's memory, for as long
// as the leak panel that asked is open (and at most SESSION_TTL_MS). Never
// storage, never a log line, never an error message. Everything here is gone
// when the worker stops, too.

const SESSION_TTL_MS = 15 * 60_000;
/** A context-menu selection waits this long for its panel to ask for it. */
const SELECTION_TTL_MS = 2 * 60_000;

interface Session {
  /** ref → the leaked text, only for keys the server recognized (they may be revoked). */
  secrets: Map<string, string>;
  origin: string | null;
  at: number;
}

interface PendingSelection {
  text: string;
  origin: string | null;
  at: number;
}

class LeakMemory {
  private readonly sessions = new Map<string, Session>();
  private readonly selections = new Map<string, PendingSelection>();
  /** Open leak panels (Ports): while none is open, nothing is kept. */
  private panels = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  panelOpened(): void {
    this.panels++;
  }

  /** The last panel closed: forget every text. */
  panelClosed(): void {
    this.panels = Math.max(0, this.panels - 1);
    if (this.panels === 0) this.forgetAll();
  }

  get panelOpen(): boolean {
    return this.panels > 0;
  }

  /** A context-menu selection, until its panel asks for it; returns the id the panel's URL carries. */
  holdSelection(text: string, origin: string | null): string {
    this.prune();
    const id = this.newId();
    this.selections.set(id, { text, origin, at: this.now() });
    return id;
  }

  /** Hands the selection over once; a second ask (or a late one) finds nothing. */
  takeSelection(id: string): { text: string; origin: string | null } | undefined {
    this.prune();
    const held = this.selections.get(id);
    this.selections.delete(id);
    return held && { text: held.text, origin: held.origin };
  }

  /** Keeps the recognized keys' texts for revoke and proof; returns the session id. */
  openSession(secrets: Map<string, string>, origin: string | null): string {
    this.prune();
    const id = this.newId();
    this.sessions.set(id, { secrets, origin, at: this.now() });
    return id;
  }

  secret(session: string, ref: string): { text: string; origin: string | null } | undefined {
    this.prune();
    const s = this.sessions.get(session);
    const text = s?.secrets.get(ref);
    return s && text !== undefined ? { text, origin: s.origin } : undefined;
  }

  forget(session: string): void {
    this.sessions.get(session)?.secrets.clear();
    this.sessions.delete(session);
  }

  forgetAll(): void {
    for (const s of this.sessions.values()) s.secrets.clear();
    this.sessions.clear();
    this.selections.clear();
  }

  /** For tests: how many texts are held in all. */
  get size(): number {
    let n = this.selections.size;
    for (const s of this.sessions.values()) n += s.secrets.size;
    return n;
  }

  private prune(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) if (now - s.at > SESSION_TTL_MS) this.forget(id);
    for (const [id, s] of this.selections) if (now - s.at > SELECTION_TTL_MS) this.selections.delete(id);
  }
}

/** The worker's one memory: handlers, the context menu and the panel Port share it. */
export const leakMemory = new LeakMemory();
