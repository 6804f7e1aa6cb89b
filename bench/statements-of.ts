import type { Knex } from 'knex';
import type { Db } from '../core/db';

export type SentStatement = { sql: string; bindings: Knex.RawBinding[] };

/** Runs `read` and answers the reading statements it sent (SELECT, WITH, INSERT … SELECT), to EXPLAIN them. */
export async function statementsOf(db: Db, read: () => Promise<unknown>): Promise<SentStatement[]> {
  const sent: SentStatement[] = [];
  const listen = (q: { sql: string; bindings?: Knex.RawBinding[] }) => {
    if (/^\s*(with|select|insert)/i.test(q.sql)) sent.push({ sql: q.sql.replace(/\$\d+/g, '?'), bindings: q.bindings ?? [] });
  };
  db.on('query', listen);
  try {
    await read();
  } finally {
    db.removeListener('query', listen);
  }
  return sent;
}

/** The plan PostgreSQL chose for a statement, as JSON (EXPLAIN, not run) or as text with actual times (EXPLAIN ANALYZE; it runs). */
export async function planOf(db: Db, statement: SentStatement, analyze = false): Promise<unknown> {
  const options = analyze ? '(analyze, costs off, timing on, summary on)' : '(format json)';
  const explained = await db.raw(`explain ${options} ${statement.sql}`, statement.bindings);
  return analyze ? explained.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n') : explained.rows[0]['QUERY PLAN'][0].Plan;
}
