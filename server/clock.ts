// Time comes from an injectable clock so expiry, rate limits and lastUsedAt
// coalescing are testable without sleeping.
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
