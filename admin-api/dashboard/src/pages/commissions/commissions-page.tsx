import { useState } from 'react';
import { Link } from 'react-router';
import type { Commission } from '../../api/commission-types';
import { ErrorMessage } from '../../components/error-message';
import { LoadMore } from '../../components/load-more';
import { useDocumentTitle } from '../../components/use-document-title';
import { usePagedList } from '../../components/use-paged-list';
import { creatorName, useCreators } from '../../components/use-workspace-lists';
import { formatDateTime, formatMoney } from '../../format';
import { COMMISSION_STATUS_LABELS } from './describe-rule';

const STATUSES = ['pending', 'approved', 'paid', 'reversed'] as const;

/** Every commission, newest first, filtered by creator and status. */
export function CommissionsPage() {
  useDocumentTitle('Commissions');
  const creators = useCreators();
  const [creatorId, setCreatorId] = useState('');
  const [status, setStatus] = useState('');
  const query = new URLSearchParams({ limit: '100', ...(creatorId ? { creatorId } : {}), ...(status ? { status } : {}) });
  const list = usePagedList<Commission>(`/api/v1/commissions?${query.toString()}`);

  return (
    <>
      <h1>Commissions</h1>
      <form className="card inline-form" aria-label="Filter commissions" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="commission-creator">Creator</label>
          <select id="commission-creator" value={creatorId} onChange={(e) => setCreatorId(e.target.value)}>
            <option value="">All creators</option>
            {creators.data?.data.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="commission-status">Status</label>
          <select id="commission-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">All statuses</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {COMMISSION_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ErrorMessage error={list.error} />
      <div className="table-wrap">
        <table>
          <caption>Commissions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Creator</th>
              <th scope="col">Order</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Held until</th>
              <th scope="col">Payout</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((c) => (
              <tr key={c.id}>
                <td>{formatDateTime(c.createdAt)}</td>
                <td>{creatorName(creators.data?.data, c.creatorId)}</td>
                <td>
                  <Link to={`/orders/${encodeURIComponent(c.orderId)}`}>Order</Link>
                </td>
                <td>{c.kind === 'sale' ? 'Sale' : 'Clawback'}</td>
                <td>{COMMISSION_STATUS_LABELS[c.status]}</td>
                <td className="num">
                  {formatMoney(c.amount, c.currency)}
                  {c.reason === 'no_amount_for_currency' ? ' (no amount for this currency)' : ''}
                </td>
                <td>{c.status === 'pending' ? formatDateTime(c.holdUntil) : ''}</td>
                <td>{c.payoutId ? <code>{c.payoutId}</code> : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.loaded && list.items.length === 0 && (
        <p className="hint">No commissions match. An order earns one when its creator has a rule (Creators, Settings).</p>
      )}
      <LoadMore list={list} />
    </>
  );
}
