import { expect } from 'chai';
import { decideOrderChange, type Credit, type OrderDecision, type RecordedOrder } from '../../core/domain/order-decision';
import { decideRefund, decideRefundsInOrder } from '../../core/domain/refund-decision';

const ava: Credit = { creatorId: 'cre_ava', attributedBy: 'link', linkId: 'lnk_1', clickId: 'clk_1' };
const noor: Credit = { creatorId: 'cre_noor', attributedBy: 'coupon', couponId: 'cpn_1' };
const creditTo = (credit: Credit): OrderDecision => ({ status: 'credited', ...credit });
const unattributable: OrderDecision = { status: 'skipped', reason: 'unattributable' };
const order = (fields: Partial<RecordedOrder>): RecordedOrder => ({ status: 'credited', reason: null, confirmed: false, credit: ava, ...fields });

describe('what one report does to its order', () => {
  describe('a pixel report', () => {
    it('credits a new order, or makes it pending when the store requires server confirmation', () => {
      expect(decideOrderChange(null, { source: 'pixel', decision: creditTo(ava), requireServerConfirmation: false })).to.deep.include({
        outcome: 'credited',
        confirm: false,
        awaitConfirmation: false,
      });
      const pending = decideOrderChange(null, { source: 'pixel', decision: creditTo(ava), requireServerConfirmation: true });
      expect(pending).to.deep.equal({
        outcome: 'pending',
        write: { status: 'pending', reason: 'awaiting_confirmation', credit: ava },
        confirm: false,
        awaitConfirmation: true,
      });
    });

    it('never moves an order a server report credited, whatever its attribution', () => {
      const change = decideOrderChange(order({ confirmed: true, credit: noor }), {
        source: 'pixel',
        decision: creditTo(ava),
        requireServerConfirmation: false,
      });
      expect(change).to.deep.equal({ outcome: 'duplicate', write: null, confirm: false, awaitConfirmation: false });
    });

    it('is a duplicate of a credited or pending order, and a pending one keeps waiting', () => {
      expect(decideOrderChange(order({}), { source: 'pixel', decision: creditTo(noor), requireServerConfirmation: false }).outcome).to.equal('duplicate');
      const again = decideOrderChange(order({ status: 'pending', reason: 'awaiting_confirmation' }), {
        source: 'pixel',
        decision: creditTo(noor),
        requireServerConfirmation: true,
      });
      expect(again).to.deep.include({ outcome: 'duplicate', write: null, awaitConfirmation: true });
    });

    it('credits a confirmed order that was skipped, without waiting again', () => {
      const change = decideOrderChange(order({ status: 'skipped', reason: 'unattributable', confirmed: true, credit: null }), {
        source: 'pixel',
        decision: creditTo(ava),
        requireServerConfirmation: true,
      });
      expect(change).to.deep.include({ outcome: 'credited', awaitConfirmation: false });
    });
  });

  describe('a server report', () => {
    it('confirms a credited order that its own attribution credits to the same creator, or that it has no attribution for', () => {
      const sameCreator: Credit = { creatorId: 'cre_ava', attributedBy: 'coupon', couponId: 'cpn_2' };
      for (const decision of [creditTo(sameCreator), unattributable]) {
        expect(decideOrderChange(order({}), { source: 'server', decision, requireServerConfirmation: false })).to.deep.equal({
          outcome: 'duplicate',
          write: null,
          confirm: true,
          awaitConfirmation: false,
        });
      }
    });

    it("moves a pixel report's credit to the creator its own attribution credits, saying whose it was", () => {
      expect(decideOrderChange(order({}), { source: 'server', decision: creditTo(noor), requireServerConfirmation: false })).to.deep.equal({
        outcome: 'credited',
        write: { status: 'credited', reason: null, credit: noor },
        confirm: true,
        awaitConfirmation: false,
        overrides: ava,
      });
    });

    it('never moves a credit a server report already confirmed', () => {
      const confirmed = order({ confirmed: true });
      expect(decideOrderChange(confirmed, { source: 'server', decision: creditTo(noor), requireServerConfirmation: false })).to.deep.include({
        outcome: 'duplicate',
        write: null,
      });
    });

    it('credits a pending order with its own attribution first, else the pixel attribution', () => {
      const pending = order({ status: 'pending', reason: 'awaiting_confirmation', credit: ava });
      expect(decideOrderChange(pending, { source: 'server', decision: creditTo(noor), requireServerConfirmation: true }).write?.credit).to.deep.equal(noor);
      expect(decideOrderChange(pending, { source: 'server', decision: unattributable, requireServerConfirmation: true }).write).to.deep.equal({
        status: 'credited',
        reason: null,
        credit: ava,
      });
    });

    it('credits an order whose window ran out, with the attribution kept on it', () => {
      const expired = order({ status: 'skipped', reason: 'not_confirmed', credit: ava });
      expect(decideOrderChange(expired, { source: 'server', decision: unattributable, requireServerConfirmation: true }).outcome).to.equal('credited');
    });

    it('never falls back to the pixel attribution when the integration refuses the report', () => {
      const pending = order({ status: 'pending', reason: 'awaiting_confirmation', credit: ava });
      const change = decideOrderChange(pending, { source: 'server', decision: { status: 'skipped', reason: 'disconnected' }, requireServerConfirmation: true });
      expect(change.write).to.equal(null);
    });
  });
});

describe('how much of a refund applies', () => {
  it('applies up to what is left of the order value and says why the rest was not', () => {
    expect(decideRefund({ valueMinor: 5000, refundedMinor: 0, currency: 'USD' }, { valueMinor: 1200, currency: 'USD' })).to.deep.equal({
      appliedMinor: 1200,
      applied: true,
      reason: null,
    });
    expect(decideRefund({ valueMinor: 5000, refundedMinor: 3000, currency: 'USD' }, { valueMinor: 3000, currency: 'USD' })).to.deep.equal({
      appliedMinor: 2000,
      applied: true,
      reason: 'exceeds_order_value',
    });
    expect(decideRefund({ valueMinor: 5000, refundedMinor: 5000, currency: 'USD' }, { valueMinor: 1, currency: 'USD' })).to.deep.equal({
      appliedMinor: 0,
      applied: false,
      reason: 'exceeds_order_value',
    });
  });

  it('does not apply a refund in another currency', () => {
    expect(decideRefund({ valueMinor: 5000, refundedMinor: 0, currency: 'USD' }, { valueMinor: 100, currency: 'EUR' })).to.deep.equal({
      appliedMinor: 0,
      applied: false,
      reason: 'currency_mismatch',
    });
  });
});

describe("an order's refunds decided in arrival order", () => {
  const usd = (valueMinor: number) => ({ valueMinor, currency: 'USD' });
  const cases: [string, { valueMinor: number; currency: string }, { valueMinor: number; currency: string }[], [number, string | null][], number][] = [
    [
      'all fit',
      usd(1000),
      [usd(300), usd(200)],
      [
        [300, null],
        [200, null],
      ],
      500,
    ],
    [
      'the one that overflows is cut, the later ones get nothing',
      usd(1000),
      [usd(800), usd(800), usd(1)],
      [
        [800, null],
        [200, 'exceeds_order_value'],
        [0, 'exceeds_order_value'],
      ],
      1000,
    ],
    ['a repeat report lowered the value to 5 USD: 8 USD of refunds apply 5', usd(500), [usd(800)], [[500, 'exceeds_order_value']], 500],
    ['a repeat report made it 1 JPY: a USD refund is another currency', { valueMinor: 1, currency: 'JPY' }, [usd(800)], [[0, 'currency_mismatch']], 0],
    [
      'a refund refused in another currency applies once the order is in its currency',
      { valueMinor: 2000, currency: 'EUR' },
      [usd(100), { valueMinor: 300, currency: 'EUR' }],
      [
        [0, 'currency_mismatch'],
        [300, null],
      ],
      300,
    ],
    ['an order of value 0 takes no refund', usd(0), [usd(1)], [[0, 'exceeds_order_value']], 0],
  ];
  for (const [name, order, refunds, expected, total] of cases) {
    it(name, () => {
      const { decisions, refundedMinor } = decideRefundsInOrder({ ...order, refundedMinor: 0 }, refunds);
      expect(decisions.map((d) => [d.appliedMinor, d.reason])).to.deep.equal(expected);
      expect(decisions.map((d) => d.applied)).to.deep.equal(expected.map(([applied]) => applied > 0));
      expect(refundedMinor).to.equal(total);
    });
  }
});
