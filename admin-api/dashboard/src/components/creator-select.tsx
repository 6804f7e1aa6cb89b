import { useId } from 'react';
import type { Creator } from '../api/types';

/** Choose the creator a link or coupon credits. */
export function CreatorSelect({ creators, value, onChange }: { creators: Creator[]; value: string; onChange(id: string): void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Creator</label>
      <select id={id} name="creatorId" required value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="" disabled>
          Choose a creator
        </option>
        {creators.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}
