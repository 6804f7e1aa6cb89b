import { z } from 'zod';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

function isoInstant(bound: 'from' | 'to') {
  return z
    .string()
    .max(40)
    .refine((v) => (DATE_ONLY.test(v) || /^\d{4}-\d{2}-\d{2}T/.test(v)) && !Number.isNaN(Date.parse(v)), 'an ISO 8601 date (2026-11-24) or date-time')
    .transform((v) => {
      const at = new Date(v);
      // A date-only `to` includes that whole day (UTC): the range ends at the next midnight.
      return bound === 'to' && DATE_ONLY.test(v) ? new Date(at.getTime() + DAY_MS) : at;
    });
}

/** `?from=&to=`: from is inclusive, to exclusive (a date-only `to` covers its whole day). */
export const dateRangeQuery = z.object({ from: isoInstant('from').optional(), to: isoInstant('to').optional() });
