import knex, { type Knex } from 'knex';
import path from 'node:path';
import type { Config } from './config';
import { migrationSource } from './migration-source';

export type Db = Knex;

export const migrationsDirectory = path.resolve(__dirname, '..', 'migrations');

/** idleTimeoutMillis: how long a pooled connection may sit unused before it is closed (tarn's default, 30 s, when absent). */
type PoolSettings = { min: number; max: number; idleTimeoutMillis?: number };

export function createDb(databaseUrl: string, pool: PoolSettings = { min: 0, max: 10 }): Db {
  return knex({
    client: 'pg',
    connection: databaseUrl,
    pool,
    migrations: { migrationSource: migrationSource(migrationsDirectory), tableName: 'knex_migrations' },
  });
}

/** A service's pool: up to `max` connections, none kept open, each closed once idle for DATABASE_IDLE_TIMEOUT_MS. */
export function openServiceDb(config: Pick<Config, 'databaseUrl' | 'databaseIdleTimeoutMs'>, max: number): Db {
  return createDb(config.databaseUrl, { min: 0, max, idleTimeoutMillis: config.databaseIdleTimeoutMs });
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
