const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * [from, to) as the rollups can serve it: the whole UTC days inside it (`days`, as dates, `to`
 * exclusive; null when there is none) and what is left at either end (`edges`: at most two
 * sub-day ranges, read from the facts themselves).
 */
export type RangeParts = { days: { from: string; to: string } | null; edges: { from: Date; to: Date }[] };

const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function splitWholeDays(from: Date, to: Date): RangeParts {
  const start = from.getTime();
  const end = to.getTime();
  if (!(start < end)) return { days: null, edges: [] };
  const firstMidnight = Math.ceil(start / DAY_MS) * DAY_MS;
  const lastMidnight = Math.floor(end / DAY_MS) * DAY_MS;
  if (firstMidnight >= lastMidnight) return { days: null, edges: [{ from, to }] };
  const edges: { from: Date; to: Date }[] = [];
  if (start < firstMidnight) edges.push({ from, to: new Date(firstMidnight) });
  if (lastMidnight < end) edges.push({ from: new Date(lastMidnight), to });
  return { days: { from: dateOf(firstMidnight), to: dateOf(lastMidnight) }, edges };
}
