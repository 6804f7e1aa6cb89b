import { expect } from 'chai';
import { commissionRuleSchema, nullableCommissionRule, type CommissionRule } from '../../core/commissions/commission-rule';
import {
  computeSaleAmount,
  decideCommissionChange,
  decideCommissionMove,
  percentOfMinor,
  type SaleCommission,
} from '../../core/commissions/compute-commission';
import { decidePayout } from '../../core/commissions/decide-payout';

const tenPercent: CommissionRule = { type: 'percent', percent: 10 };
const flat: CommissionRule = { type: 'flat', amounts: { USD: 5, EUR: 4.5 } };
const sale = (fields: Partial<SaleCommission>): SaleCommission => ({
  status: 'pending',
  rule: tenPercent,
  amountMinor: 1000,
  baseMinor: 10000,
  currency: 'USD',
  reason: null,
  clawedBackMinor: 0,
  clawedBackAmountMinor: 0,
  ...fields,
});
const order = (valueMinor: number, refundedMinor: number, currency = 'USD') => ({
  status: 'credited',
  creatorId: 'cre_1',
  valueMinor,
  refundedMinor,
  currency,
});

describe('commission rules', () => {
  describe('a sale commission', () => {
    const cases: { rule: CommissionRule; net: number; currency: string; amount: number; reason: string | null; why: string }[] = [
      { rule: { type: 'percent', percent: 10 }, net: 1005, currency: 'JPY', amount: 101, reason: null, why: '100.5 JPY rounds half up to 101' },
      { rule: { type: 'percent', percent: 10 }, net: 1004, currency: 'JPY', amount: 100, reason: null, why: '100.4 JPY rounds down' },
      { rule: { type: 'percent', percent: 12.5 }, net: 1234, currency: 'USD', amount: 154, reason: null, why: '12.5 % of 12.34 USD = 1.5425 → 1.54' },
      { rule: { type: 'percent', percent: 12.5 }, net: 1236, currency: 'USD', amount: 155, reason: null, why: '1.545 USD rounds half up to 1.55' },
      { rule: { type: 'percent', percent: 0.01 }, net: 5000, currency: 'USD', amount: 1, reason: null, why: '0.01 % of 50 USD = 0.5 cent → 1' },
      { rule: { type: 'percent', percent: 33.33 }, net: 12345, currency: 'KWD', amount: 4115, reason: null, why: '33.33 % of 12.345 KWD = 4.1145885 → 4.115' },
      { rule: { type: 'percent', percent: 100 }, net: 2 ** 53 - 1, currency: 'USD', amount: 2 ** 53 - 1, reason: null, why: 'no float error at the top' },
      { rule: flat, net: 9999, currency: 'EUR', amount: 450, reason: null, why: 'the flat amount of the order currency' },
      { rule: flat, net: 9999, currency: 'JPY', amount: 0, reason: 'no_amount_for_currency', why: 'a currency the rule does not name' },
      { rule: { type: 'flat', amounts: { KWD: 1.125 } }, net: 1, currency: 'KWD', amount: 1125, reason: null, why: 'three minor digits' },
    ];
    for (const c of cases) {
      it(c.why, () => {
        expect(computeSaleAmount(c.rule, c.net, c.currency)).to.deep.equal({ amountMinor: c.amount, reason: c.reason });
      });
    }

    it('rounds a negative base away from zero, as the positive one', () => {
      expect(percentOfMinor(-1005, 10)).to.equal(-101);
    });
  });

  describe('a refund or a server report while the commission is pending', () => {
    it('recomputes a percent commission on the new net value', () => {
      expect(decideCommissionChange(sale({}), order(10000, 2500))).to.deep.equal({
        type: 'recompute',
        status: 'pending',
        amountMinor: 750,
        baseMinor: 7500,
        currency: 'USD',
        reason: null,
      });
    });

    it('reverses it when the whole order is refunded', () => {
      expect(decideCommissionChange(sale({}), order(10000, 10000))).to.deep.include({ type: 'recompute', status: 'reversed', amountMinor: 0 });
    });

    it('keeps a flat commission on a partial refund and reverses it on a whole one', () => {
      const flatSale = sale({ rule: flat, amountMinor: 500 });
      expect(decideCommissionChange(flatSale, order(10000, 2500))).to.deep.include({ type: 'recompute', amountMinor: 500, baseMinor: 7500 });
      expect(decideCommissionChange(sale({ rule: flat, amountMinor: 500, baseMinor: 7500 }), order(10000, 2500))).to.deep.equal({ type: 'none' });
      expect(decideCommissionChange(flatSale, order(10000, 10000))).to.deep.include({ status: 'reversed', amountMinor: 0 });
    });

    it('follows a server report that changes the value and the currency', () => {
      expect(decideCommissionChange(sale({}), order(20000, 0))).to.deep.include({ amountMinor: 2000, baseMinor: 20000 });
      expect(decideCommissionChange(sale({ rule: flat, amountMinor: 500 }), order(20000, 0, 'EUR'))).to.deep.include({ amountMinor: 450, currency: 'EUR' });
    });

    it('changes nothing on a repeat of the same facts, and a reversed commission stays reversed while nothing is left of the order', () => {
      expect(decideCommissionChange(sale({}), order(10000, 0))).to.deep.equal({ type: 'none' });
      expect(decideCommissionChange(sale({ status: 'reversed', amountMinor: 0, baseMinor: 0 }), order(10000, 10000))).to.deep.equal({ type: 'none' });
    });

    it('makes a reversed commission pending again when the refunds decided again leave a net value', () => {
      // 10 USD wholly refunded (reversed); a server report at 20 USD leaves 10 USD net.
      expect(decideCommissionChange(sale({ status: 'reversed', amountMinor: 0, baseMinor: 0 }), order(2000, 1000))).to.deep.equal({
        type: 'recompute',
        status: 'pending',
        amountMinor: 100,
        baseMinor: 1000,
        currency: 'USD',
        reason: null,
      });
    });
  });

  describe('a refund after approval or payment', () => {
    for (const status of ['approved', 'paid'] as const) {
      it(`claws back the percent of the refunded part of a ${status} commission`, () => {
        expect(decideCommissionChange(sale({ status }), order(10000, 2505))).to.deep.equal({ type: 'clawback', amountMinor: -251, baseMinor: 2505 });
      });
    }

    it('claws back only what earlier clawbacks did not', () => {
      const clawed = sale({ status: 'approved', clawedBackMinor: 2505, clawedBackAmountMinor: -251 });
      expect(decideCommissionChange(clawed, order(10000, 2505))).to.deep.equal({ type: 'none' });
      expect(decideCommissionChange(clawed, order(10000, 10000))).to.deep.equal({ type: 'clawback', amountMinor: -750, baseMinor: 7495 });
    });

    it('claws back a flat commission only when the order is wholly refunded', () => {
      const flatSale = sale({ status: 'approved', rule: flat, amountMinor: 500 });
      expect(decideCommissionChange(flatSale, order(10000, 9999))).to.deep.equal({ type: 'none' });
      expect(decideCommissionChange(flatSale, order(10000, 10000))).to.deep.equal({ type: 'clawback', amountMinor: -500, baseMinor: 10000 });
    });

    it('uses the rule kept on the commission, not a rule changed since', () => {
      // The creator's rule became 50 %: the commission still knows 10 %.
      expect(decideCommissionChange(sale({ status: 'approved' }), order(10000, 5000))).to.deep.include({ amountMinor: -500 });
    });
    it('restores nothing when a refund is un-applied after approval, and never claws back twice when it applies again', () => {
      // 100 USD at 10 %, approved; the 80 USD refund was clawed back (-8). A server report at 50 USD un-applies it (exceeds the value).
      const clawed = sale({ status: 'approved', clawedBackMinor: 8000, clawedBackAmountMinor: -800 });
      expect(decideCommissionChange(clawed, order(5000, 0))).to.deep.equal({ type: 'none' });
      // Back at 100 USD the refund applies again: already clawed back.
      expect(decideCommissionChange(clawed, order(10000, 8000))).to.deep.equal({ type: 'none' });
      // A currency change after approval changes nothing.
      expect(decideCommissionChange(sale({ status: 'approved' }), order(100, 100, 'JPY'))).to.deep.equal({ type: 'none' });
    });
  });

  describe("an order the store's server moved to another creator", () => {
    const twentyPercent: CommissionRule = { type: 'percent', percent: 20 };
    const cases: { why: string; sale: SaleCommission; order: ReturnType<typeof order>; newRule: CommissionRule | null; move: unknown }[] = [
      {
        why: "pending: moves, recomputed under the new creator's rule on the server's value",
        sale: sale({}),
        order: order(12000, 0),
        newRule: twentyPercent,
        move: { type: 'move', status: 'pending', rule: twentyPercent, amountMinor: 2400, baseMinor: 12000, currency: 'USD', reason: null },
      },
      {
        why: 'pending: moves on the net value after refunds, in the new currency',
        sale: sale({}),
        order: order(1000, 400, 'JPY'),
        newRule: flat,
        move: { type: 'move', status: 'pending', rule: flat, amountMinor: 0, baseMinor: 600, currency: 'JPY', reason: 'no_amount_for_currency' },
      },
      {
        why: 'pending, the order wholly refunded: moves reversed',
        sale: sale({}),
        order: order(10000, 10000),
        newRule: twentyPercent,
        move: { type: 'move', status: 'reversed', rule: twentyPercent, amountMinor: 0, baseMinor: 0, currency: 'USD', reason: null },
      },
      {
        why: 'pending, the new creator has no rule: reversed and left with the old creator',
        sale: sale({}),
        order: order(10000, 0),
        newRule: null,
        move: { type: 'retire', status: 'reversed', amountMinor: 0, clawback: null },
      },
      {
        why: 'approved: clawed back whole for the old creator (a new sale follows)',
        sale: sale({ status: 'approved' }),
        order: order(12000, 0),
        newRule: twentyPercent,
        move: { type: 'retire', status: 'approved', amountMinor: 1000, clawback: { amountMinor: -1000, baseMinor: 10000 } },
      },
      {
        why: 'paid and partly clawed back already: only the rest is clawed back',
        sale: sale({ status: 'paid', clawedBackMinor: 2505, clawedBackAmountMinor: -251 }),
        order: order(10000, 2505),
        newRule: null,
        move: { type: 'retire', status: 'paid', amountMinor: 1000, clawback: { amountMinor: -749, baseMinor: 7495 } },
      },
      {
        why: 'approved flat and wholly clawed back already: nothing more to claw back',
        sale: sale({ status: 'approved', rule: flat, amountMinor: 500, clawedBackMinor: 10000, clawedBackAmountMinor: -500 }),
        order: order(10000, 10000),
        newRule: flat,
        move: { type: 'retire', status: 'approved', amountMinor: 500, clawback: null },
      },
      {
        why: 'reversed: changes hands as it is',
        sale: sale({ status: 'reversed', amountMinor: 0, baseMinor: 0 }),
        order: order(10000, 10000),
        newRule: twentyPercent,
        move: { type: 'move', status: 'reversed', rule: tenPercent, amountMinor: 0, baseMinor: 0, currency: 'USD', reason: null },
      },
    ];
    for (const c of cases) {
      it(c.why, () => expect(decideCommissionMove(c.sale, c.order, c.newRule)).to.deep.equal(c.move));
    }
  });

  describe('a payout', () => {
    it('nets a clawback against the sales, and waits below the minimum or at zero', () => {
      expect(decidePayout([1000, 2000, -500], 0)).to.deep.equal({ payout: true, amountMinor: 2500 });
      expect(decidePayout([1000, -1500], 0)).to.deep.equal({ payout: false, amountMinor: -500 });
      expect(decidePayout([1000, -1000], 0)).to.deep.equal({ payout: false, amountMinor: 0 });
      expect(decidePayout([4999], 5000)).to.deep.equal({ payout: false, amountMinor: 4999 });
      expect(decidePayout([5000], 5000)).to.deep.equal({ payout: true, amountMinor: 5000 });
    });
  });

  describe('validating a rule', () => {
    const valid: unknown[] = [
      { type: 'percent', percent: 100 },
      { type: 'percent', percent: 0.01 },
      { type: 'flat', amounts: { USD: 0, JPY: 500, KWD: 1.125 } },
    ];
    const invalid: unknown[] = [
      { type: 'percent', percent: 0 },
      { type: 'percent', percent: 100.01 },
      { type: 'percent', percent: 1.234 },
      { type: 'flat', amounts: { JPY: 5.5 } },
      { type: 'flat', amounts: { USD: 1.001 } },
      { type: 'flat', amounts: { usd: 1 } },
      { type: 'flat', amounts: { XYZ: 1 } },
      { type: 'flat', amounts: { USD: -1 } },
      { type: 'percent', percent: 10, extra: true },
      { type: 'tiered' },
    ];
    for (const rule of valid) it(`accepts ${JSON.stringify(rule)}`, () => expect(commissionRuleSchema.safeParse(rule).success).to.equal(true));
    for (const rule of invalid) it(`refuses ${JSON.stringify(rule)}`, () => expect(commissionRuleSchema.safeParse(rule).success).to.equal(false));
    it('accepts null as no rule', () => expect(nullableCommissionRule.safeParse(null).success).to.equal(true));
  });
});
