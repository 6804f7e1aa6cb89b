import { useId, useState } from 'react';
import { Link } from 'react-router';
import type { FlagKind, OrderFlag } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { integrationName } from '../../components/integration-name';
import { LoadMore } from '../../components/load-more';
import { StatusBadge } from '../../components/status-badge';
import { StoreFilter } from '../../components/store-filter';
import { useDocumentTitle } from '../../components/use-document-title';
import { usePagedList } from '../../components/use-paged-list';
import { useIntegrations } from '../../components/use-workspace-lists';
import { formatDateTime, formatMoney } from '../../format';
import { describeFlag, FLAG_KINDS } from './describe-flag';

/** Reconciliation's flags (an order id credited on two stores, a repeat that changed the amount), each with its order. */
export function FlagsPage() {
  useDocumentTitle('Flags');
  const integrations = useIntegrations();
  const [kind, setKind] = useState<'' | FlagKind>('');
  const [integrationId, setIntegrationId] = useState('');
  const query = new URLSearchParams({ ...(kind ? { kind } : {}), ...(integrationId ? { integrationId } : {}) }).toString();
  const list = usePagedList<OrderFlag>(`/api/v1/flags${query ? `?${query}` : ''}`);
  const kindId = useId();

  const storeName = (id: string) => {
    const integration = integrations.data?.data.find((i) => i.id === id);
    return integration ? integrationName(integration) : id;
  };

  return (
    <>
      <h1>Flags</h1>
      <p className="hint">Orders that need a human look. Reconciliation raises these; the credit itself is unchanged.</p>
      <div className="inline-form filters">
        <div className="field inline">
          <label htmlFor={kindId}>Kind</label>
          <select id={kindId} value={kind} onChange={(e) => setKind(e.target.value as '' | FlagKind)}>
            <option value="">All</option>
            {Object.entries(FLAG_KINDS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <StoreFilter integrations={integrations.data?.data} value={integrationId} onChange={setIntegrationId} />
      </div>
      <ErrorMessage error={list.error} />
      {list.loaded && list.items.length === 0 && <p>No flags. Nothing needs a look.</p>}
      <div className="table-wrap">
        <table>
          <caption>Flags, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Flag</th>
              <th scope="col">What was seen</th>
              <th scope="col">Store</th>
              <th scope="col">Order status</th>
              <th scope="col">Raised</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((f) => (
              <tr key={f.id} data-flag-id={f.id}>
                <th scope="row">
                  {f.order ? (
                    <Link to={`/orders/${encodeURIComponent(f.order.id)}`} aria-label={`Order ${f.orderId}: its detail`}>
                      <code>{f.orderId}</code>
                    </Link>
                  ) : (
                    <code>{f.orderId}</code>
                  )}
                </th>
                <td>{FLAG_KINDS[f.kind] ?? f.kind}</td>
                <td className="break">{describeFlag(f, storeName)}</td>
                <td className="break">{storeName(f.integrationId)}</td>
                <td>
                  {f.order ? (
                    <>
                      <StatusBadge status={f.order.status} /> {formatMoney(f.order.value, f.order.currency)}
                    </>
                  ) : (
                    'Not recorded'
                  )}
                </td>
                <td>{formatDateTime(f.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LoadMore list={list} />
    </>
  );
}
