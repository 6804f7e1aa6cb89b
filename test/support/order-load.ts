import http from 'node:http';
import { EVENTS_PATH } from '../../core/public-paths';
import { waitFor } from './wait-for';

export type OfferedOrder = { orderId: string; value: number; coupon?: string };

/** What the client saw for one order beacon: an HTTP status, or a connection error code. */
export type OfferResult = OfferedOrder & { status?: number; errorCode?: string; answeredAt: number };

export type OrderLoad = {
  /** Beacons sent so far (answered or not). */
  sent(): number;
  untilSent(count: number): Promise<void>;
  /** Every beacon's result, in the order they were offered, once all have settled. */
  done: Promise<OfferResult[]>;
};

export type OrderLoadOptions = {
  ingestUrl: string;
  origin: string;
  integrationId: string;
  orders: OfferedOrder[];
  ratePerSecond: number;
  /** At most this many beacons waiting for an answer at once (the rate drops when ingest is slow). */
  concurrency: number;
  requestTimeoutMs?: number;
  /** Sent as X-Forwarded-For (ingest behind a trusted proxy): the client address the rate limit counts. */
  clientAddress?: (index: number) => string;
};

/**
 * Offers order beacons the way pixels on many shoppers' browsers would: at a steady rate, several
 * at once, each once (no client retry), recording what each client saw. A beacon that could not
 * be delivered is a result too (ECONNREFUSED, ECONNRESET, a timeout), never an exception.
 */
export function offerOrders(options: OrderLoadOptions): OrderLoad {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const base = new URL(options.ingestUrl);
  let sent = 0;
  let inFlight = 0;

  function post(order: OfferedOrder, index: number): Promise<OfferResult> {
    const body = JSON.stringify({
      id: options.integrationId,
      type: 'order',
      url: `${options.origin}/thanks`,
      order: { orderId: order.orderId, value: order.value, currency: 'USD', coupon: order.coupon },
    });
    return new Promise((resolve) => {
      const settle = (outcome: { status?: number; errorCode?: string }) => resolve({ ...order, ...outcome, answeredAt: Date.now() });
      const req = http.request(
        {
          host: base.hostname,
          port: base.port,
          path: EVENTS_PATH,
          method: 'POST',
          agent,
          timeout: options.requestTimeoutMs ?? 15_000,
          headers: {
            'Content-Type': 'text/plain;charset=UTF-8',
            Origin: options.origin,
            ...(options.clientAddress ? { 'X-Forwarded-For': options.clientAddress(index) } : {}),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => settle({ status: res.statusCode }));
          res.on('error', (err: NodeJS.ErrnoException) => settle({ errorCode: err.code ?? err.message }));
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'TIMEOUT' })));
      req.on('error', (err: NodeJS.ErrnoException) => settle({ errorCode: err.code ?? err.message }));
      req.end(body);
    });
  }

  async function run(): Promise<OfferResult[]> {
    const started = Date.now();
    const pending: Promise<OfferResult>[] = [];
    for (const [i, order] of options.orders.entries()) {
      const due = started + (i * 1000) / options.ratePerSecond;
      if (due > Date.now()) await sleep(due - Date.now());
      while (inFlight >= options.concurrency) await sleep(5);
      inFlight++;
      sent++;
      pending.push(post(order, i).finally(() => inFlight--));
    }
    const results = await Promise.all(pending);
    agent.destroy();
    return results;
  }

  return {
    sent: () => sent,
    untilSent: (count) => waitFor(async () => sent >= count, `${count} beacons to be sent`, 120_000).then(() => undefined),
    done: run(),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
