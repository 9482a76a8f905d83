// Order statistics for timing samples. Medians and p95s, never means: one
// GC pause or scheduler hiccup on a 2-core machine must not move the result.

function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) throw new Error('quantile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  // Nearest-rank: an observed value, not an interpolation between two.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (samples: readonly number[]) => quantile(samples, 0.5);
export const p95 = (samples: readonly number[]) => quantile(samples, 0.95);

/** Milliseconds with one decimal: finer than that is noise here. */
export const ms = (value: number) => Math.round(value * 10) / 10;
