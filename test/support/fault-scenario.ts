import type { Queue } from 'bullmq';
import { expect } from 'chai';
import type { Db } from '../../core/db';
import { randomString } from '../../core/domain/ids';
import { acceptedOrderIds, tallyOrders, waitForOutcomes, type OrderTally } from './order-accounting';
import { offerOrders, sleep, type OfferResult, type OfferedOrder } from './order-load';
import { waitFor } from './wait-for';

export type FaultScenario = {
  /** The fault's name in the logged summary and in RELIABILITY.md. */
  fault: string;
  db: Db;
  store: { integrationId: string; creatorId: string; origin: string };
  coupon: string;
  ingestUrl: string;
  orders: number;
  ratePerSecond: number;
  concurrency: number;
  /** The fault lands once this many beacons were sent and `readyToInject` (when given) holds. */
  injectAfterSent: number;
  readyToInject?: () => Promise<boolean>;
  inject(): Promise<void>;
  /** How long the fault lasts before `repair`, while the load goes on. */
  downForMs: number;
  repair(): Promise<void>;
  /**
   * At least this many beacons are offered after the repair: when a slow restart (a loaded
   * machine) outlasts the planned load, more orders follow it, so the repaired side is always tried.
   */
  minOfferedAfterRepair?: number;
  /** The orders queue, to also wait until it holds nothing more to do. */
  queue?: Queue;
  settleTimeoutMs: number;
};

export type FaultReport = OrderTally & {
  fault: string;
  ratePerSecond: number;
  /** Beacons sent when the fault was injected, and when its repair was done (indexes into `results`). */
  offeredAtFault: number;
  offeredAtRepair: number;
  /** From the fault to the end of its repair (a restart included). */
  downSeconds: number;
  /** From the end of the repair until every accepted order had its outcome. */
  recoverSeconds: number;
  /** From the end of the repair until a beacon sent after it was answered 202 (null: none was). */
  edgeRecoverSeconds: number | null;
  results: OfferResult[];
};

/** Distinct orders, every one with the creator's coupon, so each accepted one must end credited. */
export function ordersToOffer(count: number, coupon: string): OfferedOrder[] {
  const run = randomString(6);
  return Array.from({ length: count }, (_, i) => ({ orderId: `FAULT-${run}-${i}`, value: 10 + (i % 90) + 0.5, coupon }));
}

/**
 * Offers the orders at a steady rate, breaks something mid-run, repairs it after `downForMs`,
 * waits (polling PostgreSQL) until every accepted order has an outcome, and counts what became
 * of each. Logs the figures as one JSON line, the source of RELIABILITY.md's table.
 */
export async function runFaultScenario(scenario: FaultScenario): Promise<FaultReport> {
  const offer = (count: number) =>
    offerOrders({
      ingestUrl: scenario.ingestUrl,
      origin: scenario.store.origin,
      integrationId: scenario.store.integrationId,
      orders: ordersToOffer(count, scenario.coupon),
      ratePerSecond: scenario.ratePerSecond,
      concurrency: scenario.concurrency,
    });
  const load = offer(scenario.orders);
  await load.untilSent(scenario.injectAfterSent);
  if (scenario.readyToInject) await waitFor(scenario.readyToInject, `the moment to inject "${scenario.fault}"`, 120_000);
  const faultAt = Date.now();
  const offeredAtFault = load.sent();
  await scenario.inject();
  await sleep(Math.max(0, faultAt + scenario.downForMs - Date.now()));
  await scenario.repair();
  const repairedAt = Date.now();
  const offeredAtRepair = load.sent();

  const results = await load.done;
  const missingAfterRepair = (scenario.minOfferedAfterRepair ?? 0) - (results.length - offeredAtRepair);
  if (missingAfterRepair > 0) results.push(...(await offer(missingAfterRepair).done));
  await waitForOutcomes(scenario.db, scenario.store.integrationId, acceptedOrderIds(results), { timeoutMs: scenario.settleTimeoutMs, queue: scenario.queue });
  const settledAt = Date.now();
  const tally = await tallyOrders(scenario.db, scenario.store, results);
  const report: FaultReport = {
    fault: scenario.fault,
    ratePerSecond: scenario.ratePerSecond,
    offeredAtFault,
    offeredAtRepair,
    ...tally,
    downSeconds: round((repairedAt - faultAt) / 1000),
    recoverSeconds: round((settledAt - repairedAt) / 1000),
    edgeRecoverSeconds: firstAcceptedAfter(results.slice(offeredAtRepair), repairedAt),
    results,
  };
  // Every figure but the per-beacon results: one line to copy into RELIABILITY.md.
  console.log(JSON.stringify(report, (key, value) => (key === 'results' ? undefined : value)));
  return report;
}

/** The promise: every beacon answered 202 ends as exactly one order row, credited to the coupon's creator. */
export function expectEveryAcceptedOrderCreditedOnce(report: FaultReport): void {
  const { lost, duplicates, unknown, pendingReports, wrongCredits } = report;
  expect({ lost, duplicates, unknown, pendingReports, wrongCredits }, JSON.stringify(report.failures)).to.deep.equal({
    lost: 0,
    duplicates: 0,
    unknown: 0,
    pendingReports: 0,
    wrongCredits: 0,
  });
  expect(report.accepted, 'orders answered 202').to.be.greaterThan(0);
  expect(report.credited).to.equal(report.accepted);
}

function firstAcceptedAfter(results: OfferResult[], since: number): number | null {
  const accepted = results.filter((r) => r.status === 202).map((r) => r.answeredAt);
  return accepted.length ? round((Math.min(...accepted) - since) / 1000) : null;
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}
