import type { WorkspaceId } from '../domain/workspace-id';
import type { Knex } from 'knex';
import { newId } from '../domain/ids';
import { recordCommissionEvents, SUBSCRIBED_TO_COMMISSION_EVENTS_SQL, type CommissionEventType } from './commission-events';

export const DAY_SECONDS = 86_400;

/**
 * One statement: reads the creator's effective rule (its own, else the workspace's), the order's
 * net value and its currency's scale (`currency_scales`, the scale stored amounts use), computes
 * the amount as computeSaleAmount does (percent rounded half up with exact numeric arithmetic; flat: the currency's amount, else 0 and no_amount_for_currency), and inserts
 * the sale commission, pending until the hold ends (approved at once with 0 hold days). The unique
 * index on (order) for sales makes a repeat, or a concurrent attempt, insert nothing.
 */
const INSERT_SALE_SQL = `
with src as (
  select o.id as order_row_id, o.workspace_id, o.creator_id, o.currency, greatest(o.value_minor - o.refunded_minor, 0) as net,
         coalesce(c.commission, w.commission) as rule, w.commission_hold_days as hold_days,
         coalesce(s.digits, 2) as digits
  from orders o join creators c on c.id = o.creator_id join workspaces w on w.id = o.workspace_id
       left join currency_scales s on s.currency = o.currency
  where o.id = ? and o.status = 'credited'
), computed as (
  select src.*,
    case when rule ->> 'type' = 'percent'
      then floor((net::numeric * round((rule ->> 'percent')::numeric * 100) + 5000) / 10000)
      else coalesce(round((rule -> 'amounts' ->> trim(currency))::numeric * power(10::numeric, digits)), 0) end as amount,
    case when rule ->> 'type' = 'flat' and not jsonb_exists(rule -> 'amounts', trim(currency)) then 'no_amount_for_currency' end as reason
  from src where jsonb_typeof(rule) = 'object'
), inserted as (
  insert into commissions (id, workspace_id, order_row_id, creator_id, kind, status, currency, amount_minor, base_minor, rule, reason, hold_until, approved_at)
  select ?, workspace_id, order_row_id, creator_id, 'sale', case when hold_days = 0 then 'approved' else 'pending' end,
         currency, amount, net, rule, reason, now() + make_interval(secs => hold_days * ?::int), case when hold_days = 0 then now() end
  from computed
  on conflict (order_row_id) where kind = 'sale' and moved_at is null do nothing
  returning id, workspace_id, status
)
select id, workspace_id, status, ${SUBSCRIBED_TO_COMMISSION_EVENTS_SQL} as subscribed from inserted`;

/**
 * The sale commission of an order just credited, in the transaction that credited it: one
 * statement when no webhook endpoint takes commission events (the events follow in the same
 * transaction otherwise). Returns the webhook event ids to dispatch after the commit.
 */
export async function recordSaleCommission(trx: Knex.Transaction, facts: { orderRowId: string; daySeconds?: number }): Promise<string[]> {
  const result = await trx.raw(INSERT_SALE_SQL, [facts.orderRowId, newId('com'), facts.daySeconds ?? DAY_SECONDS]);
  const row = result.rows[0] as { id: string; workspace_id: WorkspaceId; status: string; subscribed: boolean } | undefined;
  if (!row?.subscribed) return [];
  const events: { commissionId: string; type: CommissionEventType }[] = [{ commissionId: row.id, type: 'commission.created' }];
  if (row.status === 'approved') events.push({ commissionId: row.id, type: 'commission.approved' });
  return recordCommissionEvents(trx, row.workspace_id, events);
}
