import { expect } from 'chai';
import { createDb, ensureDatabaseExists, type Db } from '../../core/db';
import { randomString } from '../../core/domain/ids';
import { testConfig } from '../support/test-config';

describe('migrations', function () {
  this.timeout(60_000);
  let db: Db;
  let adminDb: Db;
  const name = `influtrace_migrations_${randomString(6)}`;

  before(async () => {
    const url = new URL(testConfig().databaseUrl);
    url.pathname = `/${name}`;
    await ensureDatabaseExists(url.toString());
    db = createDb(url.toString(), { min: 0, max: 1 });
    url.pathname = '/postgres';
    adminDb = createDb(url.toString(), { min: 0, max: 1 });
  });
  after(async () => {
    await db.destroy();
    await adminDb.raw(`drop database if exists "${name}" with (force)`);
    await adminDb.destroy();
  });

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
