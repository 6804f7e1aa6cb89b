import knex, { type Knex } from 'knex';
import path from 'node:path';
import { migrationSource } from './migration-source';

export type Db = Knex;

export const migrationsDirectory = path.resolve(__dirname, '..', 'migrations');

export function createDb(databaseUrl: string, pool: { min: number; max: number } = { min: 0, max: 10 }): Db {
  return knex({
    client: 'pg',
    connection: databaseUrl,
    pool,
    migrations: { migrationSource: migrationSource(migrationsDirectory), tableName: 'knex_migrations' },
  });
}

/** Creates the database named in the URL when it does not exist yet (first start, test runs). */
export async function ensureDatabaseExists(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[a-zA-Z0-9_]+$/.test(name)) throw new Error(`unsupported database name "${name}"`);
  url.pathname = '/postgres';
  const admin = createDb(url.toString(), { min: 0, max: 1 });
  try {
    const found = await admin.raw('select 1 from pg_database where datname = ?', [name]);
    if (found.rows.length === 0) await admin.raw(`create database "${name}"`);
  } catch (err) {
    if ((err as { code?: string }).code !== '42P04') throw err;
  } finally {
    await admin.destroy();
  }
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest()) as [number, string[]];
  return applied;
}
