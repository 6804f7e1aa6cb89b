import type { WebhookDelivery } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { LoadMore } from '../../components/load-more';
import { usePagedList } from '../../components/use-paged-list';
import { formatDateTime } from '../../format';

/** An endpoint's delivery attempts, newest first: status, the response code, how long it took. */
export function WebhookDeliveries({ endpointId, label }: { endpointId: string; label: string }) {
  const list = usePagedList<WebhookDelivery>(`/api/v1/webhooks/${encodeURIComponent(endpointId)}/deliveries`);
  return (
    <>
      <div className="actions">
        <button type="button" onClick={list.refresh} disabled={list.loading}>
          Refresh deliveries
        </button>
      </div>
      <ErrorMessage error={list.error} />
      {list.loaded && list.items.length === 0 && <p>No deliveries yet.</p>}
      <div className="table-wrap">
        <table>
          <caption>Deliveries to {label}</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Attempt</th>
              <th scope="col">Status</th>
              <th scope="col">Response</th>
              <th scope="col">Duration</th>
              <th scope="col">Sent</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((d) => (
              <tr key={d.id} data-delivery-id={d.id}>
                <th scope="row">
                  <code>{d.type}</code>
                </th>
                <td className="number">{d.attempt}</td>
                <td>{d.status}</td>
                <td>{d.responseStatus ?? d.error ?? '—'}</td>
                <td className="number">{d.durationMs === null ? '—' : `${d.durationMs} ms`}</td>
                <td>{formatDateTime(d.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LoadMore list={list} />
    </>
  );
}
