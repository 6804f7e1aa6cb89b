import { useId, useState } from 'react';
import type { Integration } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { TextField } from '../../components/text-field';
import { useSaveForm } from '../../components/use-save-form';
import { useSession } from '../../session/session-context';

const MAX_WINDOW_HOURS = 720;

function describe(integration: Pick<Integration, 'requireServerConfirmation' | 'confirmationWindowHours'>): string {
  return integration.requireServerConfirmation
    ? `Required: a pixel order waits up to ${integration.confirmationWindowHours} hours for your server to report it, and is skipped (not confirmed) without it.`
    : 'Not required: pixel orders are credited without waiting for your server.';
}

/** "Require server confirmation" and its window: Admins change them on a live store, Members read them. */
export function ServerConfirmation({ integration, onSaved }: { integration: Integration; onSaved(integration: Integration): void }) {
  const { api, isAdmin } = useSession();
  const [required, setRequired] = useState(integration.requireServerConfirmation);
  const [hours, setHours] = useState(String(integration.confirmationWindowHours));
  const form = useSaveForm(
    () =>
      api.patch<Integration>(`/api/v1/integrations/${encodeURIComponent(integration.id)}`, {
        requireServerConfirmation: required,
        confirmationWindowHours: Number(hours),
      }),
    onSaved,
  );
  const checkboxId = useId();

  if (!isAdmin || integration.status === 'disconnected') {
    return (
      <p className="hint">
        <strong>Server confirmation.</strong> {describe(integration)}
      </p>
    );
  }

  return (
    <form className="stack confirmation-form" aria-label="Server confirmation" onSubmit={form.onSubmit}>
      <div className="checkbox">
        <input
          id={checkboxId}
          type="checkbox"
          checked={required}
          onChange={(e) => {
            setRequired(e.target.checked);
            form.edited();
          }}
        />
        <label htmlFor={checkboxId}>Require server confirmation</label>
      </div>
      <TextField
        label="Confirmation window (hours)"
        type="number"
        inputMode="numeric"
        required
        min={1}
        max={MAX_WINDOW_HOURS}
        step={1}
        value={hours}
        hint="A pixel order is credited only once your store's server reports the same order id within this window."
        onChange={(e) => {
          setHours(e.target.value);
          form.edited();
        }}
      />
      <div className="actions">
        <button type="submit" disabled={form.busy}>
          Save confirmation
        </button>
      </div>
      <ErrorMessage error={form.error} />
      {form.saved && (
        <p className="notice success" role="status">
          Saved. {describe(form.saved)}
        </p>
      )}
    </form>
  );
}
