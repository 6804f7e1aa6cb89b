import { expect } from 'chai';
import IORedis from 'ioredis';
import { clickIntakeKey, decodeIntakeEntry } from '../../core/clicks/click-intake';
import type { Config } from '../../core/config';
import { createDb, type Db } from '../../core/db';
import { clicksOf, createQueues, reportsOf, type ClickJob, type OrderJob, type Queues } from '../../core/queues';
import type { JsonResponse } from '../support/http';

export const EVENTS_PATH = '/api/v1/integrations/custom/events';
export const ORIGIN = 'https://shop.example.com';
export const ALL_JOB_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;

/** Every order report in the orders queue, whatever job carries it (ingest batches them). */
export async function queuedReports(queues: Queues): Promise<OrderJob[]> {
  const jobs = await queues.orders.getJobs([...ALL_JOB_STATES]);
  return jobs.flatMap((job) => (job ? reportsOf(job.data) : []));
}

/** Every click in the clicks queue, whatever job carries it, and in the click intake that feeds it. */
export async function queuedClicks(queues: Queues, redis: IORedis): Promise<ClickJob[]> {
  const jobs = await queues.clicks.getJobs([...ALL_JOB_STATES]);
  const intake = await redis.xrange(clickIntakeKey(queues.clicks.opts.prefix ?? 'bull'), '-', '+');
  return [...intake.flatMap(([, fields]) => decodeIntakeEntry(fields) ?? []), ...jobs.flatMap((job) => (job ? clicksOf(job.data) : []))];
}

/** What a test needs beside a running ingest: PostgreSQL, and the queues under the test's own prefix. */
export type Backing = { db: Db; redis: IORedis; queues: Queues; close(): Promise<void> };

export function openBacking(config: Config): Backing {
  const db = createDb(config.databaseUrl, { min: 0, max: 2 });
  const redis = new IORedis(config.redisUrl, { maxRetriesPerRequest: 1 });
  const queues = createQueues(redis, config.queuePrefix);
  return {
    db,
    redis,
    queues,
    async close() {
      await deleteKeys(redis, `${config.queuePrefix}:*`);
      await queues.close();
      redis.disconnect();
      await db.destroy();
    },
  };
}

/** The jobs, throttle, rate-limit and refusal keys a test left under its own prefix. */
async function deleteKeys(redis: IORedis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (found.length) await redis.del(...found);
  } while (cursor !== '0');
}

/** Every refusal is `{"error":{"code","message"}}` (details optional) with the matching status. */
export function expectError(res: JsonResponse, status: number, code: string): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expect(res.headers.get('content-type') ?? '').to.match(/^application\/json/);
  expect(Object.keys(res.body)).to.deep.equal(['error']);
  expect(res.body.error.code).to.equal(code);
  expect(res.body.error.message).to.be.a('string').and.not.equal('');
}
