import { z } from 'zod';
import { AppError } from '../core/errors';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A calendar date (2026-02-30 is not one), or a date-time with its time zone (Z or ±hh:mm), never read in the server's zone. */
const calendarDate = z.iso.date();
const zonedDateTime = z.iso.datetime({ offset: true });

/** An ISO 8601 calendar date or zoned date-time: anything else is refused, never rolled over or guessed. */
export function isCalendarInstant(value: string): boolean {
  return calendarDate.safeParse(value).success || zonedDateTime.safeParse(value).success;
}

function isoInstant(bound: 'from' | 'to') {
  return z
    .string()
    .max(40)
    .refine(isCalendarInstant, 'an ISO 8601 calendar date (2026-11-24) or a date-time with a time zone (2026-11-24T10:00:00Z)')
    .transform((v) => {
      const at = new Date(v);
      // A date-only `to` includes that whole day (UTC): the range ends at the next midnight.
      return bound === 'to' && DATE_ONLY.test(v) ? new Date(at.getTime() + DAY_MS) : at;
    });
}

/** `?from=&to=`: from is inclusive, to exclusive (a date-only `to` covers its whole day). */
export const dateRangeQuery = z.object({ from: isoInstant('from').optional(), to: isoInstant('to').optional() });

/** Without `from`, a series covers the 30 days before `to` (or now); longer than 400 days is a report of months, not a chart of days. */
export const DAY_SERIES_LIMITS = { defaultDays: 30, maxDays: 400 };

/**
 * A range for a series of days: without `to` it ends now, without `from` it covers `defaultDays`
 * before `to`; `from` must come before `to`, and the range may span at most `maxDays`.
 */
export function dayRange(range: { from?: Date; to?: Date }, limits: { defaultDays: number; maxDays: number }, now = new Date()): { from: Date; to: Date } {
  const to = range.to ?? now;
  const from = range.from ?? new Date(to.getTime() - limits.defaultDays * DAY_MS);
  if (from >= to) throw new AppError('validation_failed', 'from: must be before to', { field: 'from' });
  if (to.getTime() - from.getTime() > limits.maxDays * DAY_MS)
    throw new AppError('validation_failed', `to: at most ${limits.maxDays} days after from`, { field: 'to' });
  return { from, to };
}
