import { useId } from 'react';
import type { Integration } from '../api/types';
import { integrationName } from './integration-name';

/**
 * "On each link or coupon you want to measure, tick the Custom store under Enable integrations."
 * Disconnected stores are offered only when already enabled, so they can be unticked.
 */
export function EnableIntegrationsFieldset(props: {
  integrations: Integration[];
  selected: string[];
  onChange(ids: string[]): void;
  disabled?: boolean;
  legend?: string;
}) {
  const baseId = useId();
  const offered = props.integrations.filter((i) => i.status !== 'disconnected' || props.selected.includes(i.id));
  const toggle = (id: string, on: boolean) => props.onChange(on ? [...props.selected, id] : props.selected.filter((s) => s !== id));
  return (
    <fieldset className="enable-integrations" disabled={props.disabled}>
      <legend>{props.legend ?? 'Enable integrations'}</legend>
      {offered.length === 0 && <p className="hint">No integrations to enable yet: an Admin adds one on the Integrations page.</p>}
      {offered.map((integration) => {
        const id = `${baseId}-${integration.id}`;
        return (
          <div key={integration.id} className="checkbox">
            <input id={id} type="checkbox" checked={props.selected.includes(integration.id)} onChange={(e) => toggle(integration.id, e.target.checked)} />
            <label htmlFor={id}>
              {integrationName(integration)}
              {integration.status !== 'connected' && <span className="muted"> ({integration.status === 'pending' ? 'Pending' : 'Disconnected'})</span>}
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}
