import { ATTRIBUTION_WINDOW_MS, type Attribution, captureAttribution, savedAttribution } from './attribution';
import { claimOrder, type OrderFields, parseOrder } from './order';
import { claimPing } from './ping';
import { findEndpoint, send } from './transport';

interface Influtrace {
  (...args: unknown[]): void;
  id?: unknown;
  q?: ArrayLike<unknown>[];
  windowDays?: unknown;
  loaded?: boolean;
}

const MAX_URL_LENGTH = 2048;
const w = window as unknown as { influtrace?: Influtrace; influtraceOrder?: unknown };

let integrationId: string;
let endpoint: string;
let windowMs: number;
let seenOrder: unknown;

function warnInvalid(what: string): void {
  console.warn('[influtrace] invalid ' + what);
}

function beacon(type: string, attribution?: Attribution, order?: OrderFields): void {
  send(endpoint, { id: integrationId, type, url: location.href.slice(0, MAX_URL_LENGTH), attribution, order });
}

function order(input: unknown): void {
  const fields = parseOrder(input);
  if (typeof fields == 'string') warnInvalid('order: ' + fields);
  else if (claimOrder(fields.orderId)) beacon('order', savedAttribution(windowMs), fields);
}

function run(command: unknown, input?: unknown): void {
  try {
    if (command === 'order') order(input);
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
  const days = Number(stub.windowDays);
  windowMs = days > 0 ? days * 864e5 : ATTRIBUTION_WINDOW_MS;
  endpoint = findEndpoint();
  integrationId = stub.id as string;

  const now = Date.now();
  const landing = captureAttribution(location.search, now);
  const api: Influtrace = (command?: unknown, input?: unknown) => run(command, input);
  api.id = integrationId;
  api.loaded = true;
  w.influtrace = api;

  if (claimPing(integrationId, landing, now)) beacon('ping');
  for (const args of stub.q || []) run(args[0], args[1]);
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
