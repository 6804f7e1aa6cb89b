import { useState } from 'react';
import { WEBHOOK_EVENT_TYPES, type WebhookEndpoint, type WebhookEventType } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { SecretShownOnce } from '../../components/secret-shown-once';
import { TextField } from '../../components/text-field';
import { useSaveForm } from '../../components/use-save-form';
import { useSession } from '../../session/session-context';

/** Add an endpoint: its URL and events; the signing secret is shown here once, with a copy button. */
export function AddWebhookForm({ onAdded }: { onAdded(): void }) {
  const { api } = useSession();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['order.credited', 'order.refunded']);
  const form = useSaveForm(
    () => api.post<WebhookEndpoint & { secret: string }>('/api/v1/webhooks', { url: url.trim(), events }),
    () => {
      setUrl('');
      onAdded();
    },
  );
  const toggle = (type: WebhookEventType, on: boolean) => {
    setEvents((current) => (on ? [...current, type] : current.filter((t) => t !== type)));
    form.edited();
  };

  return (
    <form className="card stack" aria-label="Add a webhook endpoint" onSubmit={form.onSubmit}>
      <TextField
        label="Endpoint URL"
        type="url"
        required
        maxLength={2048}
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        placeholder="https://hooks.example.com/influtrace"
      />
      <fieldset className="enable-integrations">
        <legend>Events</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <div className="checkbox" key={type}>
            <input id={`event-${type}`} type="checkbox" checked={events.includes(type)} onChange={(e) => toggle(type, e.target.checked)} />
            <label htmlFor={`event-${type}`}>{type}</label>
          </div>
        ))}
      </fieldset>
      <div className="actions">
        <button type="submit" className="primary" disabled={form.busy || events.length === 0}>
          Add endpoint
        </button>
      </div>
      <ErrorMessage error={form.error} />
      {form.saved && (
        <SecretShownOnce secret={form.saved.secret} copyLabel="Copy secret">
          Endpoint added. Its signing secret, shown only now:
        </SecretShownOnce>
      )}
    </form>
  );
}
