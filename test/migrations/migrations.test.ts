import { expect } from 'chai';
import type { Db } from '../../core/db';
import { scratchDatabase } from '../support/scratch-database';

describe('migrations', function () {
  this.timeout(60_000);
  let db: Db;
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;

  before(async () => {
    scratch = await scratchDatabase('influtrace_migrations');
    db = scratch.db;
  });
  after(async () => scratch?.drop());

  const tables = async () =>
    (await db('information_schema.tables').where({ table_schema: 'public' }).whereNot('table_name', 'like', 'knex_%').pluck('table_name')).sort();

  it('create the schema, take it down completely, and create it again', async () => {
    await db.migrate.latest();
    const created = await tables();
    expect(created).to.include.members(['workspaces', 'integrations', 'orders', 'order_reports', 'clicks', 'coupon_integrations', 'link_integrations']);

    await db.migrate.rollback(undefined, true);
    expect(await tables()).to.deep.equal([]);

    await db.migrate.latest();
    expect(await tables()).to.deep.equal(created);
  });

  it('keep one order per integration and order id', async () => {
    const row = await db('pg_indexes').where({ tablename: 'orders' }).andWhere('indexdef', 'like', '%UNIQUE%(integration_id, order_id)%').first('indexname');
    expect(row, 'a unique index on orders (integration_id, order_id)').to.not.equal(undefined);
  });
});
