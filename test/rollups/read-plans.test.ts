import type { WorkspaceId } from '../../core/domain/workspace-id';
import { expect } from 'chai';
import { planOf, statementsOf } from '../../bench/statements-of';
import { listCommissions } from '../../core/commissions/list-commissions';
import { listPayouts } from '../../core/commissions/payouts';
import { createDb, type Db } from '../../core/db';
import { randomString } from '../../core/domain/ids';
import { creatorRevenueByDay } from '../../core/repositories/creator-revenue';
import { findOrderDetail } from '../../core/repositories/order-detail';
import { listOrderFlags } from '../../core/repositories/order-flags';
import { listOrders, reportByCreator } from '../../core/repositories/orders';
import { workspaceOverview } from '../../core/repositories/overview';
import {
  countStuckReportsAcrossWorkspaces,
  findReportsOfCreditedOrdersAcrossWorkspaces,
  findStuckReportsAcrossWorkspaces,
  flagCrossIntegrationDuplicates,
} from '../../core/repositories/reconciliation';
import { findStuckRefundsAcrossWorkspaces } from '../../core/repositories/refunds';
import { newWorkspace } from '../support/store-setup';
import { testConfig } from '../support/test-config';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Tables a read must never scan whole: they grow with every click and order (commissions with every credited one). */
const NEVER_SCANNED = ['clicks', 'orders', 'order_reports', 'commissions'];

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; Plans?: PlanNode[] };

function seqScans(node: PlanNode): string[] {
  const own = node['Node Type'] === 'Seq Scan' && node['Relation Name'] ? [node['Relation Name']] : [];
  return [...own, ...(node.Plans ?? []).flatMap(seqScans)];
}

/** Runs the read, then answers the tables each statement it sent scans sequentially (EXPLAIN, not run again). */
async function scansOf(db: Db, read: () => Promise<unknown>): Promise<{ sql: string; scans: string[] }[]> {
  const sent = await statementsOf(db, read);
  expect(sent.length, 'the read sends at least one statement').to.be.greaterThan(0);
  const plans = [];
  for (const statement of sent) plans.push({ sql: statement.sql, scans: seqScans((await indexedPlanOf(db, statement)) as PlanNode) });
  return plans;
}

/**
 * The plan with sequential scans priced out (`enable_seqscan = off`): PostgreSQL still scans when
 * no index can serve the statement, which is what this test catches, while the statistics of a
 * database shared with the rest of the suite (whose other tests write recent orders) cannot tip a
 * small table's plan to a scan.
 */
async function indexedPlanOf(db: Db, statement: Parameters<typeof planOf>[1]): Promise<unknown> {
  return db.transaction(async (trx) => {
    await trx.raw('set local enable_seqscan = off');
    return planOf(trx, statement);
  });
}

async function expectNoSeqScan(db: Db, read: () => Promise<unknown>): Promise<void> {
  for (const { sql, scans } of await scansOf(db, read)) {
    expect(
      scans.filter((t) => NEVER_SCANNED.includes(t)),
      `a sequential scan in: ${sql}`,
    ).to.deep.equal([]);
  }
}

describe('read plans: no read scans clicks, orders or order_reports whole', function () {
  this.timeout(120_000);
  let db: Db;
  let workspaceId: WorkspaceId;
  const p = `p${randomString(6)}`;

  before(async () => {
    db = createDb(testConfig().databaseUrl, { min: 0, max: 4 });
    ({ workspaceId } = await newWorkspace(db));
    const now = Date.now();
    // Tens of thousands of rows over 400 days, made by PostgreSQL itself (generate_series), then ANALYZEd.
    const seed = [
      `insert into creators (id, workspace_id, name) select '${p}_cre_' || g, :ws, 'Creator ' || g from generate_series(1, 50) g`,
      `insert into integrations (id, workspace_id, type, website_url, origin, status)
       select '${p}_int_' || g, :ws, 'custom', 'https://s' || g || '.test', 'https://s' || g || '.test', 'connected' from generate_series(1, 5) g`,
      `insert into links (id, workspace_id, creator_id, code, destination_url)
       select '${p}_lnk_' || g, :ws, '${p}_cre_' || (g % 50 + 1), '${p}' || g, 'https://shop.test/' from generate_series(1, 200) g`,
      `insert into clicks (id, link_id, workspace_id, clicked_at, is_unique)
       select '${p}_clk_' || g, '${p}_lnk_' || (g % 200 + 1), :ws, to_timestamp(:now / 1000.0) - (g % 400) * interval '1 day' - (g % 1440) * interval '1 minute', g % 3 = 0
       from generate_series(1, 80000) g`,
      `insert into orders (id, workspace_id, integration_id, order_id, status, reason, creator_id, value_minor, currency, refunded_minor, reported_at, processed_at)
       select '${p}_ord_' || g, :ws, '${p}_int_' || (g % 5 + 1), 'o' || (g / 2), s.status, case when s.status = 'skipped' then 'no_attribution' end,
              case when s.status <> 'skipped' then '${p}_cre_' || (g % 50 + 1) end, 1000 + g % 9000, case when g % 4 = 0 then 'USD' else 'EUR' end,
              case when g % 10 = 0 then 500 else 0 end, t.at, t.at
       from generate_series(1, 40000) g,
            lateral (select case when g % 10 < 6 then 'credited' when g % 10 < 8 then 'skipped' else 'pending' end as status) s,
            lateral (select to_timestamp(:now / 1000.0) - (g % 400) * interval '1 day' - (g % 1440) * interval '1 minute' as at) t`,
      `insert into order_reports (id, integration_id, order_id, payload, received_at, workflow_id, outcome, processed_at, source)
       select '${p}_rpt_' || g, integration_id, order_id, '{}'::jsonb, reported_at, 'order-' || order_id, case when status = 'pending' then null else status end,
              case when status = 'pending' then null else processed_at end, 'pixel'
       from orders o, lateral (select substr(o.id, length('${p}_ord_') + 1)::int as g) n where workspace_id = :ws`,
      `insert into order_flags (id, workspace_id, kind, integration_id, order_id, details, created_at)
       select '${p}_flg_' || g, :ws, case when g % 2 = 0 then 'changed_repeat' else 'cross_integration_duplicate' end, '${p}_int_' || (g % 5 + 1), 'o' || g,
              '{}'::jsonb, to_timestamp(:now / 1000.0) - g * interval '1 hour' from generate_series(1, 2000) g`,
      `insert into order_refunds (id, workspace_id, integration_id, order_id, refund_id, source, value_minor, currency, received_at, applied, applied_minor, processed_at)
       select '${p}_rfd_' || g, :ws, '${p}_int_' || (g % 5 + 1), 'o' || g, 'r' || g, 'server', 500, 'EUR', to_timestamp(:now / 1000.0) - g * interval '1 hour', true, 500,
              to_timestamp(:now / 1000.0) - g * interval '1 hour' from generate_series(1, 5000) g`,
      // Each credited order's sale commission (pending, approved or paid by age), and a payout per creator for the paid ones.
      `insert into payouts (id, workspace_id, creator_id, currency, amount_minor, commission_count, status, created_at)
       select '${p}_po_' || g, :ws, '${p}_cre_' || g, 'EUR', 1000, 10, 'paid', to_timestamp(:now / 1000.0) - interval '60 days' from generate_series(1, 50) g`,
      `insert into commissions (id, workspace_id, order_row_id, creator_id, kind, status, currency, amount_minor, base_minor, rule, payout_id, created_at)
       select '${p}_com_' || o.id, :ws, o.id, o.creator_id, 'sale', s.status, o.currency, o.value_minor / 10, o.value_minor, '{"type":"percent","percent":10}'::jsonb,
              case when s.status = 'paid' then '${p}_po_' || substr(o.creator_id, length('${p}_cre_') + 1) end, o.processed_at
       from orders o, lateral (select case when o.processed_at > to_timestamp(:now / 1000.0) - interval '30 days' then 'pending'
                                           when o.processed_at > to_timestamp(:now / 1000.0) - interval '60 days' then 'approved' else 'paid' end as status) s
       where o.workspace_id = :ws and o.status = 'credited'`,
    ];
    for (const statement of seed) await db.raw(statement, { ws: workspaceId, now });
    await db.raw('analyze clicks, orders, order_reports, order_flags, order_refunds, click_daily, order_daily, links, creators, commissions, payouts');
  });
  after(async () => {
    // The test's rows leave with it: its stuck-looking reports (no outcome, received long ago) would
    // otherwise be re-driven by the reconciliation tests that share this database.
    await db.transaction(async (trx) => {
      for (const table of ['commissions', 'payouts', 'order_reports', 'order_refunds', 'order_flags', 'orders', 'clicks', 'links', 'integrations', 'creators'])
        await trx(table).where('id', 'like', `${p}\\_%`).delete();
    });
    await db.destroy();
  });

  const now = () => new Date();
  const daysBack = (days: number) => new Date(Date.now() - days * DAY_MS);

  it('catches a read that scans (the check itself works)', async () => {
    const scanning = () => db('orders').where({ value_minor: 4242 }).select('id');
    const error = await expectNoSeqScan(db, scanning).then(
      () => null,
      (err: Error) => err,
    );
    expect(error?.message).to.match(/a sequential scan in/);
  });

  it('the Overview, for 30 days and for 400', async () => {
    await expectNoSeqScan(db, () => workspaceOverview(db, { workspaceId, from: daysBack(30), to: now() }));
    await expectNoSeqScan(db, () => workspaceOverview(db, { workspaceId, from: daysBack(400), to: now() }));
  });

  it('the creator report (and its CSV), for 90 days and without a range', async () => {
    await expectNoSeqScan(db, () => reportByCreator(db, workspaceId, { from: daysBack(90), to: now() }));
    await expectNoSeqScan(db, () => reportByCreator(db, workspaceId));
  });

  it("a creator's revenue per day", async () => {
    await expectNoSeqScan(db, () => creatorRevenueByDay(db, { workspaceId, creatorId: `${p}_cre_7`, from: daysBack(90), to: now() }));
  });

  it('the orders list: first page, a deep page, and each filter', async () => {
    const first = await listOrders(db, { workspaceId, limit: 50 });
    expect(first.orders).to.have.length(50);
    const deep: { processed_at: string; id: string } = await db('orders')
      .where({ workspace_id: workspaceId })
      .orderBy([
        { column: 'processed_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .offset(10_000)
      .first(db.raw('processed_at::text as processed_at'), 'id');
    const after = { processedAt: deep.processed_at, id: deep.id };
    const filters = [
      {},
      { after },
      { integrationId: `${p}_int_2` },
      { integrationId: `${p}_int_2`, after },
      { status: 'pending' },
      { status: 'credited', after },
      { creatorId: `${p}_cre_3` },
      { from: daysBack(60), to: daysBack(30) },
    ];
    for (const filter of filters) await expectNoSeqScan(db, () => listOrders(db, { workspaceId, limit: 50, ...filter }));
  });

  it("an order's page", async () => {
    await expectNoSeqScan(db, () => findOrderDetail(db, workspaceId, `${p}_ord_1234`));
  });

  it('the flags list, with each filter', async () => {
    for (const filter of [{}, { kind: 'changed_repeat' as const }, { integrationId: `${p}_int_3` }]) {
      await expectNoSeqScan(db, () => listOrderFlags(db, { workspaceId, limit: 51, offset: 0, ...filter }));
    }
  });

  it('the commissions list, first page and deep, with each filter; the payouts list', async () => {
    const filters = [
      {},
      { creatorId: `${p}_cre_3` },
      { status: 'pending' as const },
      { status: 'approved' as const },
      { status: 'paid' as const },
      { payoutId: `${p}_po_3` },
      { orderId: `${p}_ord_1234` },
    ];
    for (const filter of filters) {
      await expectNoSeqScan(db, () => listCommissions(db, { workspaceId, ...filter }, { limit: 51, offset: 0 }));
    }
    await expectNoSeqScan(db, () => listCommissions(db, { workspaceId }, { limit: 51, offset: 10_000 }));
    for (const filter of [{}, { status: 'paid' as const }, { creatorId: `${p}_cre_3` }]) {
      await expectNoSeqScan(db, () => listPayouts(db, { workspaceId, ...filter }, { limit: 51, offset: 0 }));
    }
  });

  it('a reconciliation run: stuck reports and refunds, cross-integration duplicates, changed repeats', async () => {
    const since = daysBack(1);
    const cutoff = new Date(Date.now() - 15 * 60_000);
    await expectNoSeqScan(db, () => flagCrossIntegrationDuplicates(db, since));
    await expectNoSeqScan(db, () => findReportsOfCreditedOrdersAcrossWorkspaces(db, { since, limit: 100 }));
    await expectNoSeqScan(db, () => findReportsOfCreditedOrdersAcrossWorkspaces(db, { since, afterId: `${p}_rpt_5`, limit: 100 }));
    await expectNoSeqScan(db, () => findStuckReportsAcrossWorkspaces(db, { receivedBefore: cutoff, limit: 100 }));
    await expectNoSeqScan(db, () => countStuckReportsAcrossWorkspaces(db, cutoff));
    await expectNoSeqScan(db, () => findStuckRefundsAcrossWorkspaces(db, { receivedBefore: cutoff, limit: 100 }));
  });
});
