import { useId, useState } from 'react';
import { toApiError, type ApiError } from '../../api/api-error';
import type { WebhookEndpoint } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { formatDateTime } from '../../format';
import { useSession } from '../../session/session-context';
import { WebhookDeliveries } from './webhook-deliveries';

const DISABLED_BECAUSE: Record<string, string> = {
  gone: 'the endpoint answered 410 Gone',
  failing: 'deliveries failed for 3 days',
  manual: 'an Admin disabled it',
};

/** One endpoint: URL, events, status; Send test, Enable or Disable, and its deliveries. */
export function WebhookCard({ endpoint: listed }: { endpoint: WebhookEndpoint }) {
  const { api } = useSession();
  const [endpoint, setEndpoint] = useState(listed);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [showDeliveries, setShowDeliveries] = useState(false);
  const titleId = useId();
  const deliveriesId = useId();
  const path = `/api/v1/webhooks/${encodeURIComponent(endpoint.id)}`;

  async function act(action: () => Promise<string>) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(await action());
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const sendTest = () =>
    act(async () => {
      await api.post(`${path}/test`);
      setShowDeliveries(true);
      return 'Test event sent: it shows under Deliveries once delivered.';
    });
  const setStatus = (status: 'enabled' | 'disabled') =>
    act(async () => {
      setEndpoint(await api.patch<WebhookEndpoint>(path, { status }));
      return status === 'enabled' ? 'Enabled.' : 'Disabled: no events are sent to it.';
    });

  const enabled = endpoint.status === 'enabled';
  return (
    <article className="card" aria-labelledby={titleId} data-webhook-id={endpoint.id}>
      <div className="card-header">
        <h2 id={titleId} className="break">
          {endpoint.url}
        </h2>
        <span className={enabled ? 'badge badge-credited' : 'badge badge-disconnected'}>{enabled ? 'Enabled' : 'Disabled'}</span>
      </div>
      <dl className="facts">
        <dt>Events</dt>
        <dd>{endpoint.events.join(', ')}</dd>
        {!enabled && endpoint.disabledReason && (
          <>
            <dt>Disabled because</dt>
            <dd>{DISABLED_BECAUSE[endpoint.disabledReason] ?? endpoint.disabledReason}</dd>
          </>
        )}
        <dt>Added</dt>
        <dd>{formatDateTime(endpoint.createdAt)}</dd>
      </dl>
      <div className="actions">
        <button type="button" onClick={() => void sendTest()} disabled={busy || !enabled}>
          Send test
        </button>
        <button type="button" onClick={() => void setStatus(enabled ? 'disabled' : 'enabled')} disabled={busy}>
          {enabled ? 'Disable' : 'Enable'}
        </button>
        <button type="button" aria-expanded={showDeliveries} aria-controls={deliveriesId} onClick={() => setShowDeliveries((s) => !s)}>
          Deliveries
        </button>
      </div>
      <ErrorMessage error={error} />
      {notice && (
        <p className="notice success" role="status">
          {notice}
        </p>
      )}
      <div id={deliveriesId} hidden={!showDeliveries}>
        {showDeliveries && <WebhookDeliveries endpointId={endpoint.id} label={endpoint.url} />}
      </div>
    </article>
  );
}
