import { useState } from 'react';
import type { CreatedIntegrationKey } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { SecretShownOnce } from '../../components/secret-shown-once';
import { TextField } from '../../components/text-field';
import { useSaveForm } from '../../components/use-save-form';
import { useSession } from '../../session/session-context';

/** Admins: name a key, get its secret once (with Copy); the list is refreshed with the new key. */
export function CreateKeyForm({ integrationId, onCreated }: { integrationId: string; onCreated(): void }) {
  const { api } = useSession();
  const [name, setName] = useState('');
  const form = useSaveForm(
    () => api.post<CreatedIntegrationKey>(`/api/v1/integrations/${encodeURIComponent(integrationId)}/keys`, { name: name.trim() }),
    () => {
      setName('');
      onCreated();
    },
  );

  return (
    <form className="stack" aria-label="Create a server key" onSubmit={form.onSubmit}>
      <TextField
        label="Key name"
        required
        maxLength={100}
        value={name}
        placeholder="Checkout server"
        onChange={(e) => {
          setName(e.target.value);
          form.edited();
        }}
      />
      <div className="actions">
        <button type="submit" disabled={form.busy}>
          Create key
        </button>
      </div>
      <ErrorMessage error={form.error} />
      {form.saved && (
        <SecretShownOnce secret={form.saved.key} copyLabel="Copy key" autoFocus>
          Key “{form.saved.name}” created. Copy its secret now: it will not be shown again.
        </SecretShownOnce>
      )}
    </form>
  );
}
