import { ATTRIBUTION_WINDOW_MS, type Attribution, captureAttribution, saveClickCookie, savedAttribution } from './attribution';
import { claimOrder, type OrderFields, parseOrder } from './order';
import { claimPing } from './ping';
import { queueOrder, startOutbox } from './outbox';
import { store } from './storage';
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

/**
 * The click-id cookie goes, storage switches, and the cookie comes back from what memory held
 * (denied, that last write does not happen).
 */
function consent(granted: boolean): void {
  saveClickCookie();
  store(granted);
  saveClickCookie((savedAttribution(windowMs) || ({} as Attribution)).itc, windowMs);
}

function run(command: unknown, input?: unknown): void {
  try {
    if (command == 'order') order(input);
    // Anything but 'granted' denies: a mistyped call never stores without consent.
    else if (command == 'consent') consent(input == 'granted');
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

  // Queued calls first, in the order they were made: a page that denies consent right after the
  // snippet is denied before anything is stored (an order queued on a landing page keeps the attribution stored before it).
  for (const args of stub.q || []) run(...args);
  const now = Date.now();
  const landing = captureAttribution(location.search, now, windowMs);
  // The stub's replacement: commands run at once from now on.
  const api = run as Influtrace;
  api.id = integrationId;
  api.loaded = 1;
  w.influtrace = api;

  if (claimPing(integrationId, landing, now)) beacon(describe('ping'));
  // Orders earlier pages could not deliver (sent with the queued ones, oldest first, if any).
  startOutbox();
  checkServerOrder();
  // At load: an order the page sets later than this (DOMContentLoaded is not waited for separately; its bytes paid for consent).
  addEventListener('load', checkServerOrder);
}

try {
  const stub = w.influtrace;
  if (stub && !stub.loaded) start(stub);
} catch {
  // the pixel must never break the host page
}
