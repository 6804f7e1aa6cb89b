import { expect } from 'chai';
import { applyOrderChangeToCommission } from '../../core/commissions/apply-order-change';
import { approveDueCommissions } from '../../core/commissions/approve-due-commissions';
import type { CommissionRule } from '../../core/commissions/commission-rule';
import { computeSaleAmount } from '../../core/commissions/compute-commission';
import { moveSaleCommission } from '../../core/commissions/move-sale-commission';
import { recordSaleCommission } from '../../core/commissions/record-sale-commission';
import { listCommissions } from '../../core/commissions/list-commissions';
import { cancelPayout, findPayout, markPayoutPaid, runPayouts } from '../../core/commissions/payouts';
import { createDb, type Db } from '../../core/db';
import { AppError } from '../../core/errors';
import { testConfig } from '../support/test-config';
import { addCreator, commissionsOf, creditOrder, seedCommissionStore } from './commission-fixtures';

describe('commissions in PostgreSQL', function () {
  this.timeout(30_000);
  let db: Db;
  before(() => {
    db = createDb(testConfig().databaseUrl, { min: 0, max: 12 });
  });
  after(async () => {
    await db?.destroy();
  });

  const refund = (orderRowId: string, refundedMinor: number) =>
    db.transaction(async (trx) => {
      await trx('orders').where({ id: orderRowId }).update({ refunded_minor: refundedMinor });
      return applyOrderChangeToCommission(trx, { orderRowId });
    });

  describe('the sale commission written when an order is credited', () => {
    const cases: { rule: CommissionRule; minor: number; currency: string }[] = [
      { rule: { type: 'percent', percent: 10 }, minor: 1005, currency: 'JPY' },
      { rule: { type: 'percent', percent: 12.5 }, minor: 1236, currency: 'USD' },
      { rule: { type: 'percent', percent: 33.33 }, minor: 12345, currency: 'KWD' },
      { rule: { type: 'percent', percent: 0.01 }, minor: 5000, currency: 'USD' },
      { rule: { type: 'flat', amounts: { USD: 5, EUR: 4.5, KWD: 1.125 } }, minor: 100, currency: 'EUR' },
      { rule: { type: 'flat', amounts: { KWD: 1.125 } }, minor: 100, currency: 'KWD' },
      { rule: { type: 'flat', amounts: { USD: 5 } }, minor: 100, currency: 'JPY' },
    ];
    for (const c of cases) {
      it(`computes in SQL what computeSaleAmount computes: ${JSON.stringify(c.rule)} of ${c.minor} ${c.currency}`, async () => {
        const store = await seedCommissionStore(db, { rule: c.rule });
        const orderRowId = await creditOrder(db, store, { minor: c.minor, currency: c.currency });
        const [row] = await commissionsOf(db, orderRowId);
        const expected = computeSaleAmount(c.rule, c.minor, c.currency);
        expect({ amountMinor: Number(row.amount_minor), reason: row.reason }).to.deep.equal(expected);
        expect(row).to.include({ kind: 'sale', status: 'pending', creator_id: store.creatorId });
        expect(row.rule).to.deep.equal(c.rule);
      });
    }

    it("takes the creator's own rule before the workspace's, and none when neither has one", async () => {
      const store = await seedCommissionStore(db, { rule: null });
      const own = await addCreator(db, store, 'Own', { type: 'percent', percent: 50 });
      const withOwn = await creditOrder(db, store, { minor: 1000, creatorId: own });
      expect(Number((await commissionsOf(db, withOwn))[0].amount_minor)).to.equal(500);
      const withNone = await creditOrder(db, store, { minor: 1000 });
      expect(await commissionsOf(db, withNone)).to.have.length(0);
    });

    it('is approved at once with 0 hold days, and written once however often the credit is recorded', async () => {
      const store = await seedCommissionStore(db, { holdDays: 0 });
      const orderRowId = await creditOrder(db, store, { minor: 1000 });
      await Promise.all(Array.from({ length: 10 }, () => db.transaction((trx) => recordSaleCommission(trx, { orderRowId }))));
      const rows = await commissionsOf(db, orderRowId);
      expect(rows).to.have.length(1);
      expect(rows[0].status).to.equal('approved');
      expect(rows[0].approved_at).to.be.an.instanceOf(Date);
    });

    it('costs the transaction that credits the order one statement (issue 27: at most one more)', async () => {
      const store = await seedCommissionStore(db, { rule: { type: 'percent', percent: 10 } });
      const orderRowId = await creditOrder(db, store, { minor: 1000 });
      await db('commissions').where({ order_row_id: orderRowId }).delete();
      const statements: string[] = [];
      const count = (query: { sql: string }) => {
        if (!/^\s*(begin|commit|rollback|savepoint|release)/i.test(query.sql)) statements.push(query.sql);
      };
      db.on('query', count);
      try {
        await db.transaction((trx) => recordSaleCommission(trx, { orderRowId }));
      } finally {
        db.off('query', count);
      }
      expect(statements, statements.join('\n')).to.have.length(1);
      expect(await commissionsOf(db, orderRowId)).to.have.length(1);
    });

    it('keeps its rule when the rule changes afterwards', async () => {
      const store = await seedCommissionStore(db, { rule: { type: 'percent', percent: 10 } });
      const orderRowId = await creditOrder(db, store, { minor: 10000 });
      await db('workspaces')
        .where({ id: store.workspaceId })
        .update({ commission: JSON.stringify({ type: 'percent', percent: 50 }) });
      await refund(orderRowId, 5000);
      const [row] = await commissionsOf(db, orderRowId);
      expect(row.rule).to.deep.equal({ type: 'percent', percent: 10 });
      expect(Number(row.amount_minor)).to.equal(500);
    });
  });

  describe('refunds', () => {
    it('recompute a pending commission, and reverse it when the whole order is refunded', async () => {
      const store = await seedCommissionStore(db);
      const orderRowId = await creditOrder(db, store, { minor: 10000 });
      await refund(orderRowId, 2500);
      expect((await commissionsOf(db, orderRowId))[0]).to.include({ status: 'pending', amount_minor: '750' });
      await refund(orderRowId, 10000);
      expect((await commissionsOf(db, orderRowId))[0]).to.include({ status: 'reversed', amount_minor: '0' });
    });

    it('after approval add an approved clawback naming the sale, once per refunded part', async () => {
      const store = await seedCommissionStore(db, { holdDays: 0 });
      const orderRowId = await creditOrder(db, store, { minor: 10000 });
      await refund(orderRowId, 2505);
      await refund(orderRowId, 2505);
      const [sale, clawback, ...rest] = await commissionsOf(db, orderRowId);
      expect(rest).to.have.length(0);
      expect(sale).to.include({ status: 'approved', amount_minor: '1000' });
      expect(clawback).to.include({ kind: 'clawback', status: 'approved', amount_minor: '-251', adjusts_commission_id: sale.id });
    });
  });

  describe('an order moved to another creator after approval', () => {
    const move = (orderRowId: string, creatorId: string) =>
      db.transaction(async (trx) => {
        await trx('orders').where({ id: orderRowId }).update({ creator_id: creatorId });
        const after = { status: 'credited', creatorId, valueMinor: 10000, refundedMinor: 0, currency: 'USD' };
        return moveSaleCommission(trx, { orderRowId, after });
      });

    it('keeps one live sale however often the credit is recorded, and later refunds claw back from the new sale only', async () => {
      const store = await seedCommissionStore(db, { holdDays: 0 });
      const other = await addCreator(db, store, 'Other', { type: 'percent', percent: 20 });
      const orderRowId = await creditOrder(db, store, { minor: 10000 });
      await move(orderRowId, other);
      await Promise.all(Array.from({ length: 10 }, () => db.transaction((trx) => recordSaleCommission(trx, { orderRowId }))));
      const rows = await commissionsOf(db, orderRowId);
      const shape = (r: { creator_id: string; kind: string; status: string; amount_minor: string; moved_at: Date | null }) => [
        r.creator_id,
        r.kind,
        r.status,
        Number(r.amount_minor),
        r.moved_at !== null,
      ];
      expect(rows.map(shape)).to.have.deep.members([
        [store.creatorId, 'sale', 'approved', 1000, true],
        [store.creatorId, 'clawback', 'approved', -1000, false],
        [other, 'sale', 'approved', 2000, false],
      ]);
      await refund(orderRowId, 5000);
      const clawbacks = (await commissionsOf(db, orderRowId)).filter((r) => r.kind === 'clawback').map(shape);
      expect(clawbacks).to.have.deep.members([
        [store.creatorId, 'clawback', 'approved', -1000, false],
        [other, 'clawback', 'approved', -1000, false],
      ]);
    });

    it('the API shows the sale left behind with movedAt, every other commission with movedAt null', async () => {
      const store = await seedCommissionStore(db, { holdDays: 0 });
      const other = await addCreator(db, store, 'Other');
      const orderRowId = await creditOrder(db, store, { minor: 10000 });
      const before = Date.now();
      await move(orderRowId, other);
      const views = await listCommissions(db, { workspaceId: store.workspaceId, orderId: orderRowId });
      const moved = views.filter((c) => c.movedAt !== null);
      expect(moved.map((c) => [c.kind, c.creatorId])).to.deep.equal([['sale', store.creatorId]]);
      expect(Date.parse(moved[0]!.movedAt!)).to.be.at.least(before - 1000);
      expect(views.filter((c) => c.movedAt === null).map((c) => [c.kind, c.creatorId])).to.have.deep.members([
        ['clawback', store.creatorId],
        ['sale', other],
      ]);
    });
  });

  describe('the approval batch', () => {
    it('approves the commissions whose hold has ended, and only those', async () => {
      const store = await seedCommissionStore(db, { holdDays: 1 });
      const due = await creditOrder(db, store, { minor: 1000, daySeconds: 1 });
      const notDue = await creditOrder(db, store, { minor: 1000 });
      await db('commissions')
        .where({ order_row_id: due })
        .update({ hold_until: new Date(Date.now() - 1000) });
      for (;;) if ((await approveDueCommissions(db, { limit: 100 })).approved < 100) break;
      expect((await commissionsOf(db, due))[0].status).to.equal('approved');
      expect((await commissionsOf(db, notDue))[0].status).to.equal('pending');
    });

    it('racing a refund on the same commission, ends with one outcome and the right total', async () => {
      for (let round = 0; round < 5; round++) {
        const store = await seedCommissionStore(db, { holdDays: 1 });
        const orderRowId = await creditOrder(db, store, { minor: 10000 });
        await db('commissions')
          .where({ order_row_id: orderRowId })
          .update({ hold_until: new Date(Date.now() - 1000) });
        await Promise.all([refund(orderRowId, 4000), approveDueCommissions(db, { limit: 1000 })]);
        await approveDueCommissions(db, { limit: 1000 });
        const rows = await commissionsOf(db, orderRowId);
        const total = rows.reduce((sum, r) => sum + Number(r.amount_minor), 0);
        // Refund first: recomputed to 600 then approved. Approval first: 1000 and a clawback of -400.
        expect(total).to.equal(600);
        expect(rows.every((r) => r.status === 'approved')).to.equal(true);
      }
    });
  });

  describe('payouts', () => {
    it('net a clawback into the next payout, wait below the minimum, and pay or cancel as asked', async () => {
      const store = await seedCommissionStore(db, { holdDays: 0, minimumPayout: { USD: 20 } });
      const first = await creditOrder(db, store, { minor: 10000 });
      expect((await runPayouts(db, { workspaceId: store.workspaceId })).payouts).to.deep.equal([]);
      await creditOrder(db, store, { minor: 10000 });
      const [payout] = (await runPayouts(db, { workspaceId: store.workspaceId })).payouts;
      expect(payout).to.include({ amount: 20, commissionCount: 2, status: 'pending', creatorName: 'Noor' });
      const paid = await markPayoutPaid(db, { workspaceId: store.workspaceId, payoutId: payout!.id, reference: 'SEPA-1' });
      expect(paid.payout).to.include({ status: 'paid', reference: 'SEPA-1' });
      expect((await commissionsOf(db, first))[0].status).to.equal('paid');
      try {
        await cancelPayout(db, { workspaceId: store.workspaceId, payoutId: payout!.id });
        expect.fail('canceled a paid payout');
      } catch (err) {
        expect((err as AppError).code).to.equal('conflict');
      }

      // A refund after payment: a clawback that goes into the next payout.
      await refund(first, 10000);
      await creditOrder(db, store, { minor: 30000 });
      const [next] = (await runPayouts(db, { workspaceId: store.workspaceId })).payouts;
      expect(next).to.include({ amount: 20, commissionCount: 2 });
      const detail = await findPayout(db, store.workspaceId, next!.id);
      expect(detail.commissions.map((c) => c.kind).sort()).to.deep.equal(['clawback', 'sale']);
    });

    it('a canceled payout frees its commissions for the next run', async () => {
      const store = await seedCommissionStore(db, { holdDays: 0 });
      await creditOrder(db, store, { minor: 10000 });
      const [payout] = (await runPayouts(db, { workspaceId: store.workspaceId })).payouts;
      await cancelPayout(db, { workspaceId: store.workspaceId, payoutId: payout!.id });
      const [again] = (await runPayouts(db, { workspaceId: store.workspaceId })).payouts;
      expect(again).to.include({ amount: 10, commissionCount: 1 });
      expect(again!.id).to.not.equal(payout!.id);
      try {
        await markPayoutPaid(db, { workspaceId: store.workspaceId, payoutId: payout!.id });
        expect.fail('paid a canceled payout');
      } catch (err) {
        expect((err as AppError).code).to.equal('conflict');
      }
    });

    it('a run scoped to one creator and one currency takes only those commissions', async () => {
      const store = await seedCommissionStore(db, { holdDays: 0 });
      const other = await addCreator(db, store, 'Other');
      await creditOrder(db, store, { minor: 10000 });
      await creditOrder(db, store, { minor: 5000, currency: 'EUR' });
      await creditOrder(db, store, { minor: 7000, creatorId: other });
      const scoped = await runPayouts(db, { workspaceId: store.workspaceId, creatorId: store.creatorId, currency: 'EUR' });
      expect(scoped.payouts.map((p) => [p.creatorId, p.currency, p.amount, p.commissionCount])).to.deep.equal([[store.creatorId, 'EUR', 5, 1]]);
      const left = await runPayouts(db, { workspaceId: store.workspaceId });
      expect(left.payouts.map((p) => [p.creatorId, p.currency, p.amount, p.commissionCount])).to.have.deep.members([
        [store.creatorId, 'USD', 10, 1],
        [other, 'USD', 7, 1],
      ]);
    });

    it('two runs at once never put one commission in two payouts, and the sums are right', async () => {
      const store = await seedCommissionStore(db, { holdDays: 0 });
      const others = await Promise.all([addCreator(db, store, 'A'), addCreator(db, store, 'B'), addCreator(db, store, 'C')]);
      for (const creatorId of others) for (let i = 0; i < 20; i++) await creditOrder(db, store, { minor: 1000 + i, creatorId });
      const runs = await Promise.all(Array.from({ length: 4 }, () => runPayouts(db, { workspaceId: store.workspaceId })));
      const payouts = runs.flatMap((r) => r.payouts);
      expect(payouts).to.have.length(3);
      const inPayouts = await db('commissions').where({ workspace_id: store.workspaceId }).whereNotNull('payout_id').count<{ count: string }[]>('* as count');
      expect(Number(inPayouts[0]!.count)).to.equal(60);
      for (const payout of payouts) {
        const sum = await db('commissions').where({ payout_id: payout.id }).sum<{ sum: string }[]>('amount_minor as sum');
        expect(Number(sum[0]!.sum) / 100).to.equal(payout.amount);
      }
    });
  });
});
