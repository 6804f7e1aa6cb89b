import { useId, useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../../api/api-error';
import type { Integration } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { TextField } from '../../components/text-field';
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
  const [saved, setSaved] = useState<Integration | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const checkboxId = useId();

  if (!isAdmin || integration.status === 'disconnected') {
    return (
      <p className="hint">
        <strong>Server confirmation.</strong> {describe(integration)}
      </p>
    );
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await api.patch<Integration>(`/api/v1/integrations/${encodeURIComponent(integration.id)}`, {
        requireServerConfirmation: required,
        confirmationWindowHours: Number(hours),
      });
      setSaved(answer);
      onSaved(answer);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const edited = () => setSaved(null);
  return (
    <form className="stack confirmation-form" aria-label="Server confirmation" onSubmit={(e) => void save(e)}>
      <div className="checkbox">
        <input
          id={checkboxId}
          type="checkbox"
          checked={required}
          onChange={(e) => {
            setRequired(e.target.checked);
            edited();
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
          edited();
        }}
      />
      <div className="actions">
        <button type="submit" disabled={busy}>
          Save confirmation
        </button>
      </div>
      <ErrorMessage error={error} />
      {saved && (
        <p className="notice success" role="status">
          Saved. {describe(saved)}
        </p>
      )}
    </form>
  );
}
