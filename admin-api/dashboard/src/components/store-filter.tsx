import { useId } from 'react';
import type { Integration } from '../api/types';
import { integrationName } from './integration-name';

/** "Store": All, or one of the workspace's integrations, above a list that the API filters by `integrationId`. */
export function StoreFilter({ integrations, value, onChange }: { integrations: Integration[] | undefined; value: string; onChange(id: string): void }) {
  const id = useId();
  return (
    <div className="field inline">
      <label htmlFor={id}>Store</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All</option>
        {integrations?.map((i) => (
          <option key={i.id} value={i.id}>
            {integrationName(i)}
          </option>
        ))}
      </select>
    </div>
  );
}
