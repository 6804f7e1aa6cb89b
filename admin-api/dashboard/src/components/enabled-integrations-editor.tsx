import { useState } from 'react';
import { toApiError, type ApiError } from '../api/api-error';
import type { Integration } from '../api/types';
import { EnableIntegrationsFieldset } from './enable-integrations-fieldset';
import { ErrorMessage } from './error-message';

/** Changes what is enabled on an existing link or coupon (PATCH … {integrationIds}); each tick is saved at once. */
export function EnabledIntegrationsEditor(props: { integrations: Integration[]; enabled: string[]; itemName: string; save(ids: string[]): Promise<void> }) {
  const [selected, setSelected] = useState(props.enabled);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function change(ids: string[]) {
    const before = selected;
    setSelected(ids);
    setBusy(true);
    setError(null);
    try {
      await props.save(ids);
    } catch (err) {
      setSelected(before);
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <EnableIntegrationsFieldset
        integrations={props.integrations}
        selected={selected}
        onChange={(ids) => void change(ids)}
        disabled={busy}
        legend={`Enable integrations on ${props.itemName}`}
      />
      <ErrorMessage error={error} />
    </>
  );
}
