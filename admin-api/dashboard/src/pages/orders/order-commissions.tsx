import type { Commission } from '../../api/commission-types';
import { formatDateTime, formatMoney } from '../../format';
import { COMMISSION_STATUS_LABELS, describeRule } from '../commissions/describe-rule';

/** The order's commissions: its sale commission (with the rule it was computed by) and any clawbacks. */
export function OrderCommissions({ commissions }: { commissions: Commission[] }) {
  if (commissions.length === 0) return <p className="hint">No commission: the creator had no commission rule when the order was credited.</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>Commissions of this order</caption>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">Rule</th>
            <th scope="col">Held until</th>
            <th scope="col">Payout</th>
          </tr>
        </thead>
        <tbody>
          {commissions.map((c) => (
            <tr key={c.id}>
              <td>{c.kind === 'sale' ? 'Sale' : 'Clawback (refund after approval)'}</td>
              <td>{COMMISSION_STATUS_LABELS[c.status]}</td>
              <td className="num">{formatMoney(c.amount, c.currency)}</td>
              <td>
                {describeRule(c.rule)}
                {c.reason === 'no_amount_for_currency' ? ` (no amount for ${c.currency})` : ''}
              </td>
              <td>{c.status === 'pending' ? formatDateTime(c.holdUntil) : ''}</td>
              <td>{c.payoutId ? <code>{c.payoutId}</code> : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
