import { z } from 'zod';
import { commissionComponents, commissionOperations } from './commission-operations';
import { dateRangeQuery } from './date-range';
import { errorResponse } from '../core/openapi/error-body';
import { buildOpenApiDocument, type OpenApiDocument, type OperationSpec, type ResponseSpec } from '../core/openapi/openapi-document';
import {
  couponAnswer,
  createCouponBody,
  createCreatorBody,
  createLinkBody,
  creatorAnswer,
  linkAnswer,
  patchCouponBody,
  patchLinkBody,
} from './schemas/campaigns';
import { errorBody, pageOf, pageQuery } from './schemas/common';
import { flagAnswer, flagFilterQuery } from './schemas/flags';
import { createdIntegrationKeyAnswer, createIntegrationKeyBody, integrationKeyAnswer } from './schemas/integration-keys';
import { createIntegrationBody, disconnectAnswer, integrationAnswer, patchIntegrationBody, troubleshootingAnswer, verifyAnswer } from './schemas/integrations';
import {
  createdMemberAnswer,
  createdTokenAnswer,
  createMemberBody,
  createTokenBody,
  meAnswer,
  memberAnswer,
  patchMemberBody,
  tokenAnswer,
} from './schemas/members';
import { createRefundBody, orderAnswer, orderDetailAnswer, orderFilterQuery, refundQueuedAnswer } from './schemas/orders';
import { overviewAnswer } from './schemas/overview';
import { peopleOperations } from './openapi-people';
import { creatorReportAnswer, creatorRevenueAnswer, reportQuery } from './schemas/reports';
import { patchWorkspaceBody, workspaceAnswer } from './schemas/workspace';
import {
  createdWebhookAnswer,
  createWebhookBody,
  deletedWebhookAnswer,
  patchWebhookBody,
  rotatedSecretAnswer,
  webhookDeliveryAnswer,
  webhookEndpointAnswer,
  webhookTestAnswer,
} from './schemas/webhooks';

/**
 * The OpenAPI 3.1 document of the admin API, served at GET /api/v1/openapi.json. Every request
 * and answer schema here is the zod schema the route parses with or shapes its answer by
 * (admin-api/schemas/); test/admin-api/openapi.test.ts keeps the operations equal to the routers.
 * A new route: its schemas in admin-api/schemas/, one entry in `operations` below.
 */

export const OPENAPI_PATH = '/api/v1/openapi.json';

const error = errorResponse;
const ok = (description: string, schema: z.ZodType): ResponseSpec => ({ description, schema });
const refusals = { '400': error('Invalid input; the error names the field'), '401': error('No valid API token') };
const adminOnly = { ...refusals, '403': error('Only an Admin can do this') };
const notFound = { '404': error('No such id in your workspace') };

const operations: OperationSpec[] = [
  {
    method: 'get',
    path: OPENAPI_PATH,
    summary: 'This document',
    tags: ['meta'],
    public: true,
    responses: { '200': { description: 'OpenAPI 3.1', schema: z.object({}).passthrough() } },
  },

  // Integrations
  {
    method: 'get',
    path: '/api/v1/integrations',
    summary: 'List integrations',
    tags: ['integrations'],
    responses: { '200': ok('Integrations', z.object({ data: z.array(integrationAnswer) })), ...refusals },
  },
  {
    method: 'post',
    path: '/api/v1/integrations',
    summary: 'Add a custom-store integration (Admin)',
    tags: ['integrations'],
    body: createIntegrationBody,
    responses: { '201': ok('Created, pending', integrationAnswer), ...adminOnly },
  },
  {
    method: 'get',
    path: '/api/v1/integrations/{id}',
    summary: 'One integration, with origins seen and refusals',
    tags: ['integrations'],
    responses: { '200': ok('Integration', integrationAnswer), ...refusals, ...notFound },
  },
  {
    method: 'patch',
    path: '/api/v1/integrations/{id}',
    summary: "Require the store's server to confirm pixel orders, and for how long to wait (Admin)",
    tags: ['integrations'],
    body: patchIntegrationBody,
    responses: { '200': ok('Integration', integrationAnswer), ...adminOnly, ...notFound },
  },
  {
    method: 'get',
    path: '/api/v1/integrations/{id}/troubleshooting',
    summary: 'Troubleshooting missing orders: enabled? connected? origin? attributable?',
    tags: ['integrations'],
    responses: { '200': ok('The four answers and checks', troubleshootingAnswer), ...refusals, ...notFound },
  },
  {
    method: 'post',
    path: '/api/v1/integrations/{id}/verify',
    summary: 'Verify (Admin)',
    tags: ['integrations'],
    responses: { '200': ok('connected, or pending with what was seen', verifyAnswer), ...adminOnly, ...notFound, '409': error('Disconnected') },
  },
  {
    method: 'post',
    path: '/api/v1/integrations/{id}/disconnect',
    summary: 'Disconnect (Admin)',
    tags: ['integrations'],
    responses: { '200': ok('Disconnected', disconnectAnswer), ...adminOnly, ...notFound },
  },

  // Campaigns
  {
    method: 'get',
    path: '/api/v1/creators',
    summary: 'List creators',
    tags: ['campaigns'],
    query: pageQuery,
    responses: { '200': ok('Creators', pageOf(creatorAnswer)), ...refusals },
  },
  {
    method: 'post',
    path: '/api/v1/creators',
    summary: 'Add a creator',
    tags: ['campaigns'],
    body: createCreatorBody,
    responses: { '201': ok('Created', creatorAnswer), ...refusals },
  },
  {
    method: 'get',
    path: '/api/v1/links',
    summary: 'List tracking links',
    tags: ['campaigns'],
    query: pageQuery,
    responses: { '200': ok('Links', pageOf(linkAnswer)), ...refusals },
  },
  {
    method: 'post',
    path: '/api/v1/links',
    summary: 'Add a tracking link (code generated when not given)',
    tags: ['campaigns'],
    body: createLinkBody,
    responses: { '201': ok('Created', linkAnswer), ...refusals, ...notFound, '409': error('Code taken') },
  },
  {
    method: 'patch',
    path: '/api/v1/links/{id}',
    summary: 'Change the integrations enabled on a link',
    tags: ['campaigns'],
    body: patchLinkBody,
    responses: { '200': ok('Link', linkAnswer), ...refusals, ...notFound },
  },
  {
    method: 'get',
    path: '/api/v1/coupons',
    summary: 'List coupons',
    tags: ['campaigns'],
    query: pageQuery,
    responses: { '200': ok('Coupons', pageOf(couponAnswer)), ...refusals },
  },
  {
    method: 'post',
    path: '/api/v1/coupons',
    summary: 'Add a coupon (code unique per workspace, any case)',
    tags: ['campaigns'],
    body: createCouponBody,
    responses: { '201': ok('Created', couponAnswer), ...refusals, ...notFound, '409': error('Code exists') },
  },
  {
    method: 'patch',
    path: '/api/v1/coupons/{id}',
    summary: 'Change the integrations enabled on a coupon',
    tags: ['campaigns'],
    body: patchCouponBody,
    responses: { '200': ok('Coupon', couponAnswer), ...refusals, ...notFound },
  },

  // Orders and reports
  {
    method: 'get',
    path: '/api/v1/orders',
    summary: 'List orders, newest processed first',
    tags: ['orders'],
    query: orderFilterQuery,
    responses: { '200': ok('Orders', pageOf(orderAnswer)), ...refusals },
  },
  {
    method: 'get',
    path: '/api/v1/orders/{id}',
    summary: 'One order with its reports, refunds, reconciliation flags and workflow id',
    tags: ['orders'],
    pathParams: { id: 'the ord_… id' },
    responses: { '200': ok('Order', orderDetailAnswer), ...refusals, ...notFound },
  },
  {
    method: 'post',
    path: '/api/v1/orders/{id}/refunds',
    summary: "Refund (part of) an order: a person's clawback (Admin)",
    tags: ['orders'],
    description:
      "Applied by the order's workflow, in arrival order; the refunds of an order add up to at most its value, and a refund in another currency is not applied (the refund says why).",
    pathParams: { id: 'the ord_… id' },
    body: createRefundBody,
    responses: {
      '202': ok('Queued', refundQueuedAnswer),
      ...adminOnly,
      ...notFound,
      '409': error('idempotency_conflict: the refundId is already kept for another order, value or currency'),
      '503': error('The order workflow could not be reached; the refund is kept and can be sent again'),
    },
  },
  {
    method: 'get',
    path: '/api/v1/reports/creators',
    summary: 'Per creator: clicks, orders, revenue, refunded and net revenue per currency, conversion rate',
    tags: ['reports'],
    description: 'CSV with ?format=csv or Accept: text/csv.',
    query: reportQuery,
    responses: { '200': { description: 'Report', schema: creatorReportAnswer, alternatives: { 'text/csv': { type: 'string' } } }, ...refusals },
  },
  {
    method: 'get',
    path: '/api/v1/reports/creators/{creatorId}/revenue',
    summary: "One creator's credited revenue per UTC day and currency (days without orders are left out)",
    tags: ['reports'],
    description: 'Without from: the 30 days before to (default now); at most 400 days.',
    query: dateRangeQuery,
    responses: { '200': ok('Revenue series', creatorRevenueAnswer), ...refusals, ...notFound },
  },

  {
    method: 'get',
    path: '/api/v1/reports/overview',
    summary: 'Clicks, credited orders, gross, refunded and net revenue per currency, per UTC day and for the top creators',
    tags: ['reports'],
    description: 'Without from: the 30 days before to (default now); at most 400 days.',
    query: dateRangeQuery,
    responses: { '200': ok('Overview', overviewAnswer), ...refusals },
  },
  {
    method: 'get',
    path: '/api/v1/flags',
    summary: "Reconciliation's flags, newest first, each with its order",
    tags: ['orders'],
    query: flagFilterQuery,
    responses: { '200': ok('Flags', pageOf(flagAnswer)), ...refusals },
  },

  // Workspace settings
  {
    method: 'get',
    path: '/api/v1/workspace',
    summary: "The workspace's name, attribution window and commission settings",
    tags: ['workspace'],
    responses: { '200': ok('Settings', workspaceAnswer), ...refusals },
  },
  {
    method: 'patch',
    path: '/api/v1/workspace',
    summary: 'Change the name, the attribution window (1–365 days), the default commission rule, the hold (0–365 days) or the minimum payout (Admin)',
    tags: ['workspace'],
    body: patchWorkspaceBody,
    responses: { '200': ok('Settings', workspaceAnswer), ...adminOnly },
  },

  // Members and tokens
  {
    method: 'get',
    path: '/api/v1/me',
    summary: 'The caller: workspace, email and role (what a client may offer them)',
    tags: ['members'],
    responses: { '200': ok('The caller', meAnswer), ...refusals },
  },
  {
    method: 'get',
    path: '/api/v1/members',
    summary: 'List members',
    tags: ['members'],
    query: pageQuery,
    responses: { '200': ok('Members', pageOf(memberAnswer)), ...refusals },
  },
  {
    method: 'post',
    path: '/api/v1/members',
    summary: 'Add a member (Admin); their first token is shown once',
    tags: ['members'],
    body: createMemberBody,
    responses: { '201': ok('Created', createdMemberAnswer), ...adminOnly, '409': error('Already a member') },
  },
  {
    method: 'patch',
    path: '/api/v1/members/{id}',
    summary: "Change a member's role (Admin)",
    tags: ['members'],
    body: patchMemberBody,
    responses: { '200': ok('Member', memberAnswer), ...adminOnly, ...notFound, '409': error('The last Admin cannot be demoted') },
  },
  {
    method: 'delete',
    path: '/api/v1/members/{id}',
    summary: 'Remove a member and revoke their tokens (Admin)',
    tags: ['members'],
    responses: { '204': { description: 'Removed' }, ...adminOnly, ...notFound, '409': error('The last Admin cannot be removed') },
  },
  {
    method: 'get',
    path: '/api/v1/tokens',
    summary: "List the workspace's API tokens, never their secret",
    tags: ['tokens'],
    query: pageQuery,
    responses: { '200': ok('Tokens', pageOf(tokenAnswer)), ...refusals },
  },
  {
    method: 'post',
    path: '/api/v1/tokens',
    summary: 'Create a token for the caller (Admin); the secret is shown once',
    tags: ['tokens'],
    body: createTokenBody,
    responses: { '201': ok('Created', createdTokenAnswer), ...adminOnly },
  },
  {
    method: 'delete',
    path: '/api/v1/tokens/{id}',
    summary: 'Revoke a token (Admin, or a Member their own)',
    tags: ['tokens'],
    responses: { '200': ok('Revoked', tokenAnswer), ...adminOnly, ...notFound },
  },

  // Webhooks (Admin only, reads included)
  {
    method: 'get',
    path: '/api/v1/webhooks',
    summary: "List the workspace's webhook endpoints (Admin)",
    tags: ['webhooks'],
    query: pageQuery,
    responses: { '200': ok('Endpoints', pageOf(webhookEndpointAnswer)), ...adminOnly },
  },
  {
    method: 'post',
    path: '/api/v1/webhooks',
    summary: 'Add a webhook endpoint (Admin); its signing secret is shown once',
    tags: ['webhooks'],
    body: createWebhookBody,
    responses: { '201': ok('Created, enabled', createdWebhookAnswer), ...adminOnly },
  },
  {
    method: 'get',
    path: '/api/v1/webhooks/{id}',
    summary: 'One webhook endpoint (Admin)',
    tags: ['webhooks'],
    responses: { '200': ok('Endpoint', webhookEndpointAnswer), ...adminOnly, ...notFound },
  },
  {
    method: 'patch',
    path: '/api/v1/webhooks/{id}',
    summary: 'Change url, events or status (Admin); enabling clears disabledReason',
    tags: ['webhooks'],
    body: patchWebhookBody,
    responses: { '200': ok('Endpoint', webhookEndpointAnswer), ...adminOnly, ...notFound },
  },
  {
    method: 'delete',
    path: '/api/v1/webhooks/{id}',
    summary: 'Delete a webhook endpoint (Admin); its pending retries stop',
    tags: ['webhooks'],
    responses: { '200': ok('Deleted', deletedWebhookAnswer), ...adminOnly, ...notFound },
  },
  {
    method: 'post',
    path: '/api/v1/webhooks/{id}/test',
    summary: 'Send a webhook.test event to this endpoint (Admin)',
    tags: ['webhooks'],
    responses: { '202': ok('Recorded and dispatched', webhookTestAnswer), ...adminOnly, ...notFound, '409': error('The endpoint is disabled') },
  },
  {
    method: 'get',
    path: '/api/v1/webhooks/{id}/deliveries',
    summary: 'Delivery attempts to this endpoint, newest first (Admin)',
    tags: ['webhooks'],
    query: pageQuery,
    responses: { '200': ok('Deliveries', pageOf(webhookDeliveryAnswer)), ...adminOnly, ...notFound },
  },
  {
    method: 'post',
    path: '/api/v1/webhooks/{id}/rotate-secret',
    summary: 'A new signing secret, shown once; the old one keeps signing beside it for 24 hours (Admin)',
    tags: ['webhooks'],
    responses: { '200': ok('Rotated', rotatedSecretAnswer), ...adminOnly, ...notFound },
  },

  // Integration secret keys (the store's server)
  {
    method: 'get',
    path: '/api/v1/integrations/{id}/keys',
    summary: "List an integration's secret keys, never their secret",
    tags: ['integrations'],
    query: pageQuery,
    responses: { '200': ok('Keys', pageOf(integrationKeyAnswer)), ...refusals, ...notFound },
  },
  {
    method: 'post',
    path: '/api/v1/integrations/{id}/keys',
    summary: "Create a secret key for the store's server (Admin); the isk_ secret is shown once",
    tags: ['integrations'],
    body: createIntegrationKeyBody,
    responses: { '201': ok('Created', createdIntegrationKeyAnswer), ...adminOnly, ...notFound, '409': error('Disconnected') },
  },
  {
    method: 'delete',
    path: '/api/v1/integrations/{id}/keys/{keyId}',
    summary: 'Revoke a secret key (Admin); ingest refuses it within 10 seconds',
    tags: ['integrations'],
    pathParams: { keyId: 'The key id (key_…)' },
    responses: { '200': ok('Revoked', integrationKeyAnswer), ...adminOnly, ...notFound },
  },
  ...peopleOperations,

  // Commissions and payouts (issue 27)
  ...commissionOperations,
];

/** Every operation with its zod schemas, for tests that check answers against what is documented. */
export const adminOperationSpecs: readonly OperationSpec[] = operations;

let built: OpenApiDocument | undefined;

/**
 * The document, built on its first request rather than at start-up: turning every schema into
 * JSON Schema costs about 0.3 s of CPU (BENCHMARKS.md, "Startup"), which no start should wait for.
 */
export function openApiDocument(): OpenApiDocument {
  built ??= buildOpenApiDocument({
    info: {
      title: 'InfluTrace admin API',
      version: '1.0.0',
      description: 'Integrations, creators, links, coupons, orders, reports, members and tokens of one workspace. Errors: {"error":{"code","message"}}.',
    },
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'An API token of the workspace' },
      session: {
        type: 'apiKey',
        in: 'cookie',
        name: 'influtrace_session',
        description: 'A person signed in to the dashboard; every route takes it as well as a token',
      },
    },
    defaultSecurity: 'bearer',
    components: {
      Error: errorBody,
      Integration: integrationAnswer,
      Troubleshooting: troubleshootingAnswer,
      Creator: creatorAnswer,
      Link: linkAnswer,
      Coupon: couponAnswer,
      Order: orderAnswer,
      OrderDetail: orderDetailAnswer,
      CreatorReport: creatorReportAnswer,
      Member: memberAnswer,
      Me: meAnswer,
      CreatorRevenue: creatorRevenueAnswer,
      Token: tokenAnswer,
      WorkspaceSettings: workspaceAnswer,
      OrderFlag: flagAnswer,
      Overview: overviewAnswer,
      WebhookEndpoint: webhookEndpointAnswer,
      WebhookDelivery: webhookDeliveryAnswer,
      IntegrationKey: integrationKeyAnswer,
      ...commissionComponents,
    },
    operations,
  });
  return built;
}
