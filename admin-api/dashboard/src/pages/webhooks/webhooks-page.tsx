import type { WebhookEndpoint } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { LoadMore } from '../../components/load-more';
import { useDocumentTitle } from '../../components/use-document-title';
import { usePagedList } from '../../components/use-paged-list';
import { useSession } from '../../session/session-context';
import { AddWebhookForm } from './add-webhook-form';
import { WebhookCard } from './webhook-card';

/** Webhook endpoints (Admins only, as the API allows): add one, send a test, enable or disable, read the deliveries. */
export function WebhooksPage() {
  useDocumentTitle('Webhooks');
  const { isAdmin } = useSession();
  return (
    <>
      <h1>Webhooks</h1>
      {isAdmin ? <WebhookEndpoints /> : <p>Only an Admin can manage webhooks.</p>}
    </>
  );
}

function WebhookEndpoints() {
  const list = usePagedList<WebhookEndpoint>('/api/v1/webhooks');
  return (
    <>
      <p className="hint">
        Each event is signed (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature) and retried until your endpoint answers 2xx.
      </p>
      <AddWebhookForm onAdded={list.refresh} />
      <ErrorMessage error={list.error} />
      {list.loaded && list.items.length === 0 && <p>No endpoints yet.</p>}
      <div className="cards">
        {list.items.map((endpoint) => (
          <WebhookCard key={endpoint.id} endpoint={endpoint} />
        ))}
      </div>
      <LoadMore list={list} />
    </>
  );
}
