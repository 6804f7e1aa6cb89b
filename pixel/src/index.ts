import { ATTRIBUTION_WINDOW_MS, type Attribution, captureAttribution, savedAttribution } from './attribution';
import { claimOrder, type OrderFields, parseOrder } from './order';
import { claimPing } from './ping';
import { queueOrder, startOutbox } from './outbox';
import { beacon, findEndpoint } from './transport';

interface Influtrace {
  (...args: unknown[]): void;
  id?: unknown;
  q?: [unknown, unknown][];
  windowDays?: unknown;
  loaded?: number;
}

const w = window as unknown as { influtrace?: Influtrace; influtraceOrder?: unknown };

let integrationId: string;
let windowMs: number;
let seenOrder: unknown;

function warnInvalid(what: string): void {
  console.warn('[influtrace] invalid ' + what);
}

/** The page's origin and path only: a query or fragment may carry an e-mail address, a name or an order token. */
function describe(type: string, attribution?: Attribution, order?: OrderFields): string {
  return JSON.stringify({ id: integrationId, type, url: location.origin + location.pathname, attribution, order });
}

function order(input: unknown): void {
  const fields = parseOrder(input);
  if (typeof fields == 'string') return warnInvalid('order: ' + fields);
  // Read before claiming: if storage fails on that write, this page goes on in memory without it.
  const sent = describe('order', savedAttribution(windowMs), fields);
  if (claimOrder(fields.orderId)) queueOrder(sent);
}

function run(command: unknown, input?: unknown): void {
  try {
    if (command == 'order') order(input);
    else warnInvalid('command: ' + command);
  } catch {
    // a bad call must never throw into the host page
  }
}

function checkServerOrder(): void {
  const input = w.influtraceOrder;
  if (input && input !== seenOrder) run('order', (seenOrder = input));
}

function start(stub: Influtrace): void {
  const days = stub.windowDays as number;
  windowMs = days > 0 ? days * 864e5 : ATTRIBUTION_WINDOW_MS;
  findEndpoint();
  integrationId = stub.id as string;

  const now = Date.now();
  const landing = captureAttribution(location.search, now, windowMs);
  // The stub's replacement: commands run at once from now on.
  const api = run as Influtrace;
  api.id = integrationId;
  api.loaded = 1;
  w.influtrace = api;

  if (claimPing(integrationId, landing, now)) beacon(describe('ping'));
  // Orders earlier pages could not deliver go first.
  startOutbox();
  for (const args of stub.q || []) run(...args);
  checkServerOrder();
  addEventListener('DOMContentLoaded', checkServerOrder);
  addEventListener('load', checkServerOrder);
}

try {
  const stub = w.influtrace;
  if (stub && !stub.loaded) start(stub);
} catch {
  // the pixel must never break the host page
}
