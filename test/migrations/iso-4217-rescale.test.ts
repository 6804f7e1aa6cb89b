import { expect } from 'chai';
import type { Db } from '../../core/db';
import { newId } from '../../core/domain/ids';
import { openScratchDatabase } from '../support/scratch-database';
import { seedConnectedStore } from '../workflows/order-fixtures';

const MIGRATION = '20261207100000_iso_4217_minor_units.ts';

/** Amounts stored at Node's locale scale before ISO 4217 (12 HUF as 12) are rescaled, so they read the same afterwards. */
describe('the ISO 4217 minor units migration', function () {
  this.timeout(60_000);
  let db: Db;
  let scratch: Awaited<ReturnType<typeof openScratchDatabase>>;

  before(async () => {
    scratch = await openScratchDatabase('influtrace_iso4217');
    db = scratch.db;
  });
  after(async () => scratch?.drop());

  it('rescales HUF and IQD amounts stored at the locale scale, leaves USD and JPY alone, and takes it back down', async () => {
    await db.migrate.latest();
    await db.migrate.down({ name: MIGRATION });
    const store = await seedConnectedStore(db, 'https://rescale.example.com');
    const order = (currency: string, valueMinor: number, refundedMinor: number) => ({
      id: newId('ord'),
      workspace_id: store.workspaceId,
      integration_id: store.integrationId,
      order_id: `o-${currency}`,
      status: 'skipped',
      reason: 'unattributable',
      value_minor: valueMinor,
      refunded_minor: refundedMinor,
      currency,
      reported_at: new Date(),
    });
    // As Intl stored them: 12 HUF (0 digits), 7 IQD (0 digits), 12.34 USD, 1500 JPY.
    await db('orders').insert([order('HUF', 12, 5), order('IQD', 7, 0), order('USD', 1234, 100), order('JPY', 1500, 0)]);
    await db('order_refunds').insert({
      id: newId('rfd'),
      workspace_id: store.workspaceId,
      integration_id: store.integrationId,
      order_id: 'o-HUF',
      refund_id: 'r1',
      source: 'server',
      value_minor: 5,
      applied_minor: 5,
      applied: true,
      currency: 'HUF',
      received_at: new Date(),
    });
    const amounts = async () => ({
      orders: Object.fromEntries(
        (await db('orders').where({ integration_id: store.integrationId }).select('currency', 'value_minor', 'refunded_minor')).map((r) => [
          r.currency.trim(),
          [Number(r.value_minor), Number(r.refunded_minor)],
        ]),
      ),
      refund: (await db('order_refunds').where({ integration_id: store.integrationId }).first('value_minor', 'applied_minor')) as object,
    });

    await db.migrate.up({ name: MIGRATION });
    expect(await amounts()).to.deep.equal({
      orders: { HUF: [1200, 500], IQD: [7000, 0], USD: [1234, 100], JPY: [1500, 0] },
      refund: { value_minor: '500', applied_minor: '500' },
    });
    expect(await db('currency_scales').where({ currency: 'HUF' }).first('digits')).to.deep.equal({ digits: 2 });

    await db.migrate.down({ name: MIGRATION });
    expect((await amounts()).orders).to.deep.equal({ HUF: [12, 5], IQD: [7, 0], USD: [1234, 100], JPY: [1500, 0] });
    await db.migrate.latest();
  });
});
