import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Order } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { integrationName } from '../../components/integration-name';
import { LoadMore } from '../../components/load-more';
import { StatusBadge } from '../../components/status-badge';
import { StoreFilter } from '../../components/store-filter';
import { useDocumentTitle } from '../../components/use-document-title';
import { usePagedList } from '../../components/use-paged-list';
import { creatorName, useCreators, useIntegrations } from '../../components/use-workspace-lists';
import { describeSkipReason, formatDateTime, formatMoney } from '../../format';

type StatusFilter = '' | 'credited' | 'skipped' | 'pending';

/**
 * Orders, newest processed first: credited to whom and how, or skipped and why (the product page's troubleshooting).
 * `?integrationId=` filters by store and `?order=` marks one order (a link to share; Flags open the order's own page).
 */
export function OrdersPage() {
  useDocumentTitle('Orders');
  const creators = useCreators();
  const integrations = useIntegrations();
  const [params, setParams] = useSearchParams();
  const integrationId = params.get('integrationId') ?? '';
  const marked = params.get('order');
  const [status, setStatus] = useState<StatusFilter>('');
  const query = new URLSearchParams({ ...(status ? { status } : {}), ...(integrationId ? { integrationId } : {}) }).toString();
  const list = usePagedList<Order>(`/api/v1/orders${query ? `?${query}` : ''}`);
  const filterId = useId();

  const integrationLabel = (id: string) => {
    const integration = integrations.data?.data.find((i) => i.id === id);
    return integration ? integrationName(integration) : id;
  };
  const chooseStore = (id: string) => setParams(id ? { integrationId: id } : {}, { replace: true });

  return (
    <>
      <div className="page-header">
        <h1>Orders</h1>
        <button type="button" onClick={list.refresh} disabled={list.loading}>
          Refresh
        </button>
      </div>
      <div className="inline-form filters">
        <div className="field inline">
          <label htmlFor={filterId}>Status</label>
          <select id={filterId} value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
            <option value="">All</option>
            <option value="credited">Credited</option>
            <option value="skipped">Skipped</option>
            <option value="pending">Pending</option>
          </select>
        </div>
        <StoreFilter integrations={integrations.data?.data} value={integrationId} onChange={chooseStore} />
      </div>
      <ErrorMessage error={list.error} />
      {list.loaded && list.items.length === 0 && <p>No orders yet.</p>}
      <div className="table-wrap">
        <table className="orders">
          <caption>Orders, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Status</th>
              <th scope="col">Reason</th>
              <th scope="col">Creator</th>
              <th scope="col">Attributed by</th>
              <th scope="col">Value</th>
              <th scope="col">Refunded</th>
              <th scope="col">Store</th>
              <th scope="col">Processed</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((o) => (
              <tr
                key={o.id}
                data-order-id={o.orderId}
                className={o.orderId === marked ? 'highlight' : undefined}
                aria-current={o.orderId === marked ? 'true' : undefined}
              >
                <th scope="row">
                  <Link to={`/orders/${encodeURIComponent(o.id)}`} aria-label={`Order ${o.orderId}`}>
                    <code>{o.orderId}</code>
                  </Link>
                </th>
                <td>
                  <StatusBadge status={o.status} />
                </td>
                <td>
                  {/* The code may wrap anywhere: the list must fit a 1280-pixel window. */}
                  {o.reason ? (
                    <>
                      {describeSkipReason(o.reason)} <code className="muted break">{o.reason}</code>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{creatorName(creators.data?.data, o.creatorId)}</td>
                <td>{o.attributedBy ? `${o.attributedBy}${o.couponCode && o.attributedBy === 'coupon' ? ` ${o.couponCode}` : ''}` : '—'}</td>
                <td className="number">
                  {formatMoney(o.value, o.currency)}
                  {o.confirmed && (
                    <>
                      <br />
                      <span className="muted" title="Confirmed by the store's server">
                        server-confirmed
                      </span>
                    </>
                  )}
                </td>
                <td className="number">{o.refundedValue > 0 ? formatMoney(o.refundedValue, o.currency) : '—'}</td>
                <td className="break">{integrationLabel(o.integrationId)}</td>
                <td>{formatDateTime(o.processedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LoadMore list={list} />
    </>
  );
}
