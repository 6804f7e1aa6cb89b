import { useId, useState } from 'react';
import { toApiError, type ApiError } from '../../api/api-error';
import type { Order, Page } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { integrationName } from '../../components/integration-name';
import { StatusBadge } from '../../components/status-badge';
import { useApiData } from '../../components/use-api-data';
import { useDocumentTitle } from '../../components/use-document-title';
import { creatorName, useCreators, useIntegrations } from '../../components/use-workspace-lists';
import { describeSkipReason, formatDateTime, formatMoney } from '../../format';
import { useSession } from '../../session/session-context';

type StatusFilter = '' | 'credited' | 'skipped';

/** Orders, newest processed first: credited to whom and how, or skipped and why (the product page's troubleshooting). */
export function OrdersPage() {
  useDocumentTitle('Orders');
  const { api } = useSession();
  const creators = useCreators();
  const integrations = useIntegrations();
  const [status, setStatus] = useState<StatusFilter>('');
  const query = status ? `?status=${status}` : '';
  const firstPage = useApiData(`orders${query}`, () => api.get<Page<Order>>(`/api/v1/orders${query}`));
  const [more, setMore] = useState<{ key: string; orders: Order[]; cursor: string | null } | null>(null);
  const [moreError, setMoreError] = useState<ApiError | null>(null);
  const filterId = useId();

  const extra = more?.key === query ? more : null;
  const orders = [...(firstPage.data?.data ?? []), ...(extra?.orders ?? [])];
  const nextCursor = extra ? extra.cursor : (firstPage.data?.nextCursor ?? null);

  async function loadMore() {
    if (!nextCursor) return;
    setMoreError(null);
    try {
      const page = await api.get<Page<Order>>(`/api/v1/orders?${new URLSearchParams({ ...(status ? { status } : {}), cursor: nextCursor })}`);
      setMore({ key: query, orders: [...(extra?.orders ?? []), ...page.data], cursor: page.nextCursor });
    } catch (err) {
      setMoreError(toApiError(err));
    }
  }

  function refresh() {
    setMore(null);
    firstPage.reload();
  }

  const integrationLabel = (id: string) => {
    const integration = integrations.data?.data.find((i) => i.id === id);
    return integration ? integrationName(integration) : id;
  };

  return (
    <>
      <div className="page-header">
        <h1>Orders</h1>
        <button type="button" onClick={refresh} disabled={firstPage.loading}>
          Refresh
        </button>
      </div>
      <div className="field inline">
        <label htmlFor={filterId}>Status</label>
        <select id={filterId} value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
          <option value="">All</option>
          <option value="credited">Credited</option>
          <option value="skipped">Skipped</option>
        </select>
      </div>
      <ErrorMessage error={firstPage.error} />
      {firstPage.data && orders.length === 0 && <p>No orders yet.</p>}
      <div className="table-wrap">
        <table className="orders">
          <caption>Orders, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Status</th>
              <th scope="col">Skip reason</th>
              <th scope="col">Creator</th>
              <th scope="col">Attributed by</th>
              <th scope="col">Value</th>
              <th scope="col">Store</th>
              <th scope="col">Processed</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr key={o.id} data-order-id={o.orderId}>
                <th scope="row">
                  <code>{o.orderId}</code>
                </th>
                <td>
                  <StatusBadge status={o.status} />
                </td>
                <td>
                  {o.reason ? (
                    <>
                      {describeSkipReason(o.reason)} <code className="muted">{o.reason}</code>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{creatorName(creators.data?.data, o.creatorId)}</td>
                <td>{o.attributedBy ? `${o.attributedBy}${o.couponCode && o.attributedBy === 'coupon' ? ` ${o.couponCode}` : ''}` : '—'}</td>
                <td className="number">{formatMoney(o.value, o.currency)}</td>
                <td className="break">{integrationLabel(o.integrationId)}</td>
                <td>{formatDateTime(o.processedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ErrorMessage error={moreError} />
      {nextCursor && (
        <button type="button" onClick={() => void loadMore()}>
          Load more
        </button>
      )}
    </>
  );
}
