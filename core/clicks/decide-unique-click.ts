import { createHmac } from 'node:crypto';
import type IORedis from 'ioredis';
import { createTickBatcher } from '../tick-batcher';
import { endOfUtcDay } from './utc-day';
import type { VisitorKeyOf } from './visitor-key';

/** Decisions sent in one pipeline; a busier moment simply sends several. */
const MAX_CLICKS_PER_CALL = 500;

export type ClickToDecide = { linkId: string; address: string; userAgent: string; at: Date };

/** The visitor: HMAC-SHA256 of address and User-Agent under the day's key, 128 bits of it (kept in Redis only, until the day ends). */
export function visitorHashOf(key: Buffer, address: string, userAgent: string): string {
  return createHmac('sha256', key).update(address).update('\n').update(userAgent).digest().subarray(0, 16).toString('base64url');
}

/**
 * Whether a click is its visitor's first on that link in the UTC day: `SET … NX` on a key made of
 * the link and the visitor's hash, expiring when the day ends, so every ingest copy agrees and
 * nothing about the visitor outlives the day or leaves Redis. The clicks of one event-loop turn
 * go in one pipeline (one round trip); two clicks of one visitor in the same turn are decided in
 * arrival order, the first unique. When Redis cannot answer, the click is recorded as not unique
 * (`onUndecided`): undercounting a visitor beats counting one twice; the redirect never waits longer.
 */
export function createUniqueClickDecider(redis: IORedis, options: { prefix: string; visitorKeyOf: VisitorKeyOf; onUndecided?: (clicks: number) => void }) {
  const keyPrefix = `${options.prefix}:clicks:seen:`;

  async function decide(clicks: ClickToDecide[]): Promise<boolean[]> {
    const pipeline = redis.pipeline();
    for (const click of clicks) {
      const visitor = visitorHashOf(await options.visitorKeyOf(click.at), click.address, click.userAgent);
      pipeline.set(`${keyPrefix}${click.linkId}:${visitor}`, '1', 'PXAT', endOfUtcDay(click.at), 'NX');
    }
    const replies = (await pipeline.exec()) ?? [];
    return clicks.map((_, i) => {
      const [err, reply] = replies[i] ?? [new Error('no reply'), null];
      if (err) throw err;
      return reply === 'OK';
    });
  }

  const batcher = createTickBatcher<ClickToDecide, boolean>({
    maxItems: MAX_CLICKS_PER_CALL,
    async flush(clicks) {
      try {
        return await decide(clicks);
      } catch {
        options.onUndecided?.(clicks.length);
        return clicks.map(() => false);
      }
    },
  });

  return function isFirstClickOfDay(click: ClickToDecide): Promise<boolean> {
    if (redis.status !== 'ready') {
      options.onUndecided?.(1);
      return Promise.resolve(false);
    }
    return batcher.add(click);
  };
}

export type IsFirstClickOfDay = ReturnType<typeof createUniqueClickDecider>;
