import { useSearchParams } from 'react-router';
import { lastDays } from '../pages/reports/revenue-days';

/** Whole UTC days, both included: what the API's `?from=&to=` means when given dates alone. */
export type DateRange = { from: string; to: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The period a page shows, kept in the address (`?from=&to=`) so that a reload, a bookmark or a
 * shared link shows the same figures; without one, the last `defaultDays` days up to today.
 */
export function useDateRange(defaultDays = 30): [DateRange, (range: DateRange) => void] {
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const range = DATE.test(from) && DATE.test(to) ? { from, to } : lastDays(defaultDays);
  const setRange = (next: DateRange) =>
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        updated.set('from', next.from);
        updated.set('to', next.to);
        return updated;
      },
      { replace: true },
    );
  return [range, setRange];
}

export const rangeQuery = (range: DateRange) => new URLSearchParams(range).toString();
