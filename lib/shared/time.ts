// Durations in milliseconds, defined once: every day-based rule (expiry
// windows, reminders, lifetimes, relative times) counts with the same day.
export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
