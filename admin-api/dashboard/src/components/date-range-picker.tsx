import { useId } from 'react';
import { lastDays } from '../pages/reports/revenue-days';
import type { DateRange } from './use-date-range';

const PRESETS = [7, 30, 90];

function presetOf(range: DateRange): string {
  const days = PRESETS.find((n) => {
    const preset = lastDays(n);
    return preset.from === range.from && preset.to === range.to;
  });
  return days === undefined ? 'custom' : String(days);
}

/** A period: the last 7, 30 or 90 days, or any From–To of whole UTC days (both included). */
export function DateRangePicker({ range, onChange }: { range: DateRange; onChange(range: DateRange): void }) {
  const presetId = useId();
  const fromId = useId();
  const toId = useId();
  const preset = presetOf(range);

  return (
    <fieldset className="date-range">
      <legend>Period (UTC days)</legend>
      <div className="field">
        <label htmlFor={presetId}>Show</label>
        <select id={presetId} value={preset} onChange={(e) => e.target.value !== 'custom' && onChange(lastDays(Number(e.target.value)))}>
          {PRESETS.map((n) => (
            <option key={n} value={n}>
              Last {n} days
            </option>
          ))}
          <option value="custom">Custom range</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={fromId}>From</label>
        <input
          id={fromId}
          type="date"
          value={range.from}
          max={range.to}
          required
          onChange={(e) => e.target.value && onChange({ ...range, from: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={toId}>To</label>
        <input
          id={toId}
          type="date"
          value={range.to}
          min={range.from}
          required
          onChange={(e) => e.target.value && onChange({ ...range, to: e.target.value })}
        />
      </div>
    </fieldset>
  );
}
