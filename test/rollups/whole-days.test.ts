import { expect } from 'chai';
import { splitWholeDays } from '../../core/rollups/whole-days';

const at = (iso: string) => new Date(iso);

describe('splitWholeDays: what the rollups serve of a range, and what the facts do', () => {
  const cases: { range: [string, string]; days: [string, string] | null; edges: [string, string][] }[] = [
    { range: ['2026-10-01T00:00:00Z', '2026-10-04T00:00:00Z'], days: ['2026-10-01', '2026-10-04'], edges: [] },
    {
      range: ['2026-10-01T10:00:00Z', '2026-10-04T05:00:00Z'],
      days: ['2026-10-02', '2026-10-04'],
      edges: [
        ['2026-10-01T10:00:00.000Z', '2026-10-02T00:00:00.000Z'],
        ['2026-10-04T00:00:00.000Z', '2026-10-04T05:00:00.000Z'],
      ],
    },
    {
      range: ['2026-10-01T00:00:00Z', '2026-10-03T12:00:00Z'],
      days: ['2026-10-01', '2026-10-03'],
      edges: [['2026-10-03T00:00:00.000Z', '2026-10-03T12:00:00.000Z']],
    },
    {
      range: ['2026-10-01T23:00:00Z', '2026-10-03T00:00:00Z'],
      days: ['2026-10-02', '2026-10-03'],
      edges: [['2026-10-01T23:00:00.000Z', '2026-10-02T00:00:00.000Z']],
    },
    // Less than a whole day, across midnight or not: all from the facts.
    { range: ['2026-10-01T10:00:00Z', '2026-10-02T05:00:00Z'], days: null, edges: [['2026-10-01T10:00:00.000Z', '2026-10-02T05:00:00.000Z']] },
    { range: ['2026-10-01T10:00:00Z', '2026-10-01T11:00:00Z'], days: null, edges: [['2026-10-01T10:00:00.000Z', '2026-10-01T11:00:00.000Z']] },
    // Empty or reversed: nothing at all.
    { range: ['2026-10-01T10:00:00Z', '2026-10-01T10:00:00Z'], days: null, edges: [] },
    { range: ['2026-10-02T00:00:00Z', '2026-10-01T00:00:00Z'], days: null, edges: [] },
  ];
  for (const c of cases) {
    it(`[${c.range[0]}, ${c.range[1]})`, () => {
      const parts = splitWholeDays(at(c.range[0]), at(c.range[1]));
      expect(parts.days ? [parts.days.from, parts.days.to] : null).to.deep.equal(c.days);
      expect(parts.edges.map((e) => [e.from.toISOString(), e.to.toISOString()])).to.deep.equal(c.edges);
    });
  }
});
