/** `YYYY-MM-DD` of the UTC day `now` falls in. */
export const utcDayOf = (now: Date): string => now.toISOString().slice(0, 10);

/** Epoch milliseconds at which the UTC day of `now` ends. */
export function endOfUtcDay(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
}
