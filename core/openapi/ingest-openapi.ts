import { z } from 'zod';
import { beaconSchema } from '../domain/beacon';
import { serverOrderAnswer, serverOrderSchema, serverRefundAnswer, serverRefundSchema } from '../domain/server-reports';
import { EVENTS_PATH, INGEST_OPENAPI_PATH, PIXEL_PATH, SERVER_ORDERS_PATH, SERVER_REFUNDS_PATH } from '../public-paths';
import { errorBody, errorResponse } from './error-body';
import { buildOpenApiDocument, type OpenApiDocument, type OperationSpec } from './openapi-document';

/**
 * The OpenAPI 3.1 document of ingest, the public edge that stores and shoppers' browsers call:
 * the pixel, its beacons, tracking links, and the store server's orders and refunds. A document of
 * its own rather than paths in the admin API's: another host (PUBLIC_INGEST_URL), other callers
 * (browsers and store servers, not dashboard users) and other credentials (none, or an
 * integration's secret key instead of an API token). Ingest serves it at GET /api/v1/openapi.json.
 */

const error = errorResponse;
const html = { 'text/html': { type: 'string' } };
const serverRefusals = {
  '400': error('Not JSON, or a field refused; the error names the field'),
  '401': error('invalid_key: missing, unknown or revoked secret key'),
  '409': error('integration_disconnected'),
  '413': error('Larger than 8 KiB'),
  '415': error('Not application/json'),
  '429': error('Too many requests with this key (Retry-After)'),
  '503': error('Could not be queued; send it again (Retry-After)'),
};

export const ingestOperations: OperationSpec[] = [
  {
    method: 'get',
    path: INGEST_OPENAPI_PATH,
    summary: 'This document',
    tags: ['meta'],
    public: true,
    responses: { '200': { description: 'OpenAPI 3.1', schema: z.object({}).passthrough() } },
  },
  {
    method: 'get',
    path: PIXEL_PATH,
    summary: 'The pixel script (the embed snippet loads it)',
    tags: ['pixel'],
    public: true,
    responses: {
      '200': { description: 'The script; cached for an hour, with an ETag', alternatives: { 'application/javascript': { type: 'string' } } },
      '304': { description: 'Not modified (If-None-Match)' },
    },
  },
  {
    method: 'post',
    path: EVENTS_PATH,
    summary: "A beacon from the pixel: a ping, or an order from the store's confirmation page",
    tags: ['pixel'],
    description:
      "The beacon's origin is its Origin header (or, missing that, the Referer's) and must be the integration's registered origin. Sent as text/plain so that browsers need no CORS preflight.",
    public: true,
    body: beaconSchema,
    bodyContentTypes: ['text/plain'],
    responses: {
      '202': { description: 'Queued (a ping may be throttled: counted, not stored each time)', schema: z.object({ status: z.enum(['queued', 'throttled']) }) },
      '400': error('Not JSON, or not a beacon; the error names the field'),
      '403': error('origin_mismatch: not the registered origin'),
      '404': error('unknown_integration'),
      '409': error('integration_disconnected'),
      '413': error('Larger than the beacon limit'),
      '429': error('Too many beacons from this address (Retry-After)'),
      '503': error('The beacon could not be queued; send it again (Retry-After)'),
    },
  },
  {
    method: 'get',
    path: '/r/{code}',
    summary: "A creator's tracking link: redirects to the link's destination with ref and itc appended",
    description:
      "HEAD answers like GET and records no click. Bots, crawlers and link previews (the isbot list, headless browsers included) and requests without a User-Agent get the same 302 with ref but no itc, and no click is recorded (influtrace_clicks_filtered_total{reason}). A click is unique when it is its visitor's first on the link in the UTC day (decided in Redis under a key that changes daily; neither address nor User-Agent is stored).",
    tags: ['tracking links'],
    public: true,
    pathParams: { code: "the link's code" },
    responses: {
      '302': {
        description:
          'To the destination stored for this code, with ?ref=CODE&itc=CLICK_ID (its own query kept) and the click recorded; for HEAD, a bot or a link preview, ?ref=CODE only and no click',
      },
      '404': { description: 'No such link', alternatives: html },
      '429': error('Too many tracking-link requests from this address (Retry-After)'),
    },
  },

  // The store's server: an integration's secret key, JSON only, no CORS.
  {
    method: 'post',
    path: SERVER_ORDERS_PATH,
    summary: "An order reported by the store's server (the truth about its value and currency)",
    tags: ['store server'],
    description:
      "Authorization: Bearer isk_… names the integration (no id in the body, no Origin check). The pixel's field and attribution rules; attribution.itc is the click id of the influtrace_itc cookie. A pending integration's orders are queued and skipped not_connected.",
    body: serverOrderSchema,
    responses: {
      '202': { description: 'Queued', schema: serverOrderAnswer },
      ...serverRefusals,
    },
  },
  {
    method: 'post',
    path: SERVER_REFUNDS_PATH,
    summary: "A refund, whole or partial, reported by the store's server",
    tags: ['store server'],
    description:
      "Idempotent on (integration, refundId): the same refund sent again changes nothing; a refundId already kept for another order, value or currency is refused (409 idempotency_conflict). Applied through the order's workflow, capped at its value.",
    body: serverRefundSchema,
    responses: {
      '202': { description: 'Queued', schema: serverRefundAnswer },
      ...serverRefusals,
      '409': error('integration_disconnected, or idempotency_conflict: the refundId is kept for another order, value or currency'),
    },
  },
];

let built: OpenApiDocument | undefined;

/** Built on its first request rather than at start-up, like the admin API's (admin-api/openapi.ts). */
export function ingestOpenApiDocument(): OpenApiDocument {
  built ??= buildOpenApiDocument({
    info: {
      title: 'InfluTrace ingest',
      version: '1.0.0',
      description: 'The public edge: the pixel and its beacons, tracking links, and the store server. Errors: {"error":{"code","message"}}.',
    },
    securitySchemes: { integrationKey: { type: 'http', scheme: 'bearer', description: "An integration's secret key, isk_…" } },
    defaultSecurity: 'integrationKey',
    components: { Error: errorBody },
    operations: ingestOperations,
  });
  return built;
}
