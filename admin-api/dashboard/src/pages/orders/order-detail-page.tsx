import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import type { OrderDetail } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { StatusBadge } from '../../components/status-badge';
import { useApiData } from '../../components/use-api-data';
import { useDocumentTitle } from '../../components/use-document-title';
import { describeSkipReason, formatDateTime, formatMoney } from '../../format';
import { useSession } from '../../session/session-context';
import { FLAG_KINDS } from '../flags/describe-flag';
import { OrderCommissions } from './order-commissions';
import { OrderCredit } from './order-credit';
import { RefundForm } from './refund-form';

const REFUND_REASONS: Record<string, string> = {
  exceeds_order_value: 'would exceed what is left of the order',
  currency_mismatch: "not in the order's currency",
  awaiting_order: 'waiting for the order to be recorded',
};

/** One order: why it was credited or not (every report), its confirmation, its refunds and flags; Refund for Admins. */
export function OrderDetailPage() {
  const { id = '' } = useParams();
  const { isAdmin, api } = useSession();
  const detail = useApiData(`order/${id}`, () => api.get<OrderDetail>(`/api/v1/orders/${encodeURIComponent(id)}`));
  const order = detail.data;
  useDocumentTitle(order ? `Order ${order.orderId}` : 'Order');
  const waiting = order?.refunds.some((r) => r.applied === null) ?? false;
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(detail.reload, 1_000);
    return () => clearTimeout(timer);
  }, [waiting, detail.data, detail.reload]);

  return (
    <>
      <p>
        <Link to="/orders">← Orders</Link>
      </p>
      <h1>Order {order?.orderId ?? ''}</h1>
      <ErrorMessage error={detail.error} />
      {order && (
        <>
          <dl className="facts card">
            <dt>Status</dt>
            <dd>
              <StatusBadge status={order.status} /> {order.reason ? describeSkipReason(order.reason) : ''}
            </dd>
            <dt>Credited to</dt>
            <dd>
              <OrderCredit order={order} />
            </dd>
            <dt>Value</dt>
            <dd>{formatMoney(order.value, order.currency)}</dd>
            <dt>Refunded</dt>
            <dd>{formatMoney(order.refundedValue, order.currency)}</dd>
            <dt>Net</dt>
            <dd>{formatMoney(order.netValue, order.currency)}</dd>
            <dt>Confirmation</dt>
            <dd>{order.confirmed ? "Confirmed by the store's server" : 'Not confirmed by the server (pixel only)'}</dd>
            <dt>Workflow</dt>
            <dd>
              <code className="break">{order.workflowId}</code>
              {order.workflowUrl && (
                <>
                  {' '}
                  <a href={order.workflowUrl}>Open its workflow in the Temporal UI</a>
                </>
              )}
            </dd>
          </dl>
          <h2>Commissions</h2>
          <OrderCommissions commissions={order.commissions} />
          <h2>Reports</h2>
          <div className="table-wrap">
            <table>
              <caption>Every report of this order, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col">Source</th>
                  <th scope="col">Value</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {order.reports.map((r) => (
                  <tr key={r.reportId} data-report-id={r.reportId}>
                    <th scope="row">{formatDateTime(r.receivedAt)}</th>
                    <td>{r.source}</td>
                    <td className="number">{formatMoney(r.value, r.currency)}</td>
                    <td>{r.outcome ?? 'processing'}</td>
                    <td>{r.reason ? describeSkipReason(r.reason) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>Refunds</h2>
          {order.refunds.length === 0 ? (
            <p>No refunds.</p>
          ) : (
            <ul className="stack" aria-label="Refunds">
              {order.refunds.map((r) => (
                <li key={r.refundId} data-refund-id={r.refundId}>
                  {formatMoney(r.value, r.currency)} ({r.source}, {formatDateTime(r.receivedAt)}):{' '}
                  {r.applied === null
                    ? 'being applied…'
                    : r.applied
                      ? `applied ${formatMoney(r.appliedValue, order.currency)}${r.reason ? `, the rest ${REFUND_REASONS[r.reason] ?? r.reason}` : ''}`
                      : `not applied: ${r.reason ? (REFUND_REASONS[r.reason] ?? r.reason) : 'unknown reason'}`}
                </li>
              ))}
            </ul>
          )}
          {order.flags.length > 0 && (
            <>
              <h2>Flags</h2>
              <ul>
                {order.flags.map((f) => (
                  <li key={`${f.kind}/${f.integrationId}`}>{FLAG_KINDS[f.kind] ?? f.kind}</li>
                ))}
              </ul>
            </>
          )}
          {isAdmin && order.status === 'credited' && order.netValue > 0 && <RefundForm key={order.netValue} order={order} onQueued={detail.reload} />}
        </>
      )}
    </>
  );
}
