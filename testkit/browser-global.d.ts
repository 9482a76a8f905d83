// The few browser.* calls the cross-browser tests evaluate inside extension pages
// (Firefox and Chromium both expose `browser`).
declare const browser: {
  permissions: {
    getAll(): Promise<{ origins?: string[]; permissions?: string[] }>;
    contains(p: { permissions?: string[]; origins?: string[] }): Promise<boolean>;
    request(p: { permissions?: string[]; origins?: string[] }): Promise<boolean>;
  };
  storage: {
    local: { get(key: string | null): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
    session: { get(key: string): Promise<Record<string, unknown>> };
  };
  action: {
    getBadgeText(d: object): Promise<string>;
    getBadgeBackgroundColor(d: object): Promise<number[]>;
    getTitle(d: object): Promise<string>;
  };
  alarms: { get(name: string): Promise<{ periodInMinutes?: number } | undefined> };
  notifications: {
    getAll(): Promise<Record<string, unknown>>;
    onClosed: { addListener(listener: (id: string, byUser: boolean) => void): void };
  };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
};
