/** The OpenAPI 3.1 document of the admin API, served at GET /api/v1/openapi.json; a test keeps it equal to the routers. */

type Schema = { [key: string]: unknown };
type Parameter = { name: string; in: 'path' | 'query'; required?: boolean; description?: string; schema: Schema };
type Response = { description: string; content?: Record<string, { schema: Schema }> };
type Operation = {
  summary: string;
  tags: string[];
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: { 'application/json': { schema: Schema } } };
  responses: Record<string, Response>;
};
type Method = 'get' | 'post' | 'patch' | 'delete';
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  components: { securitySchemes: Record<string, Schema>; schemas: Record<string, Schema> };
  security: Record<string, string[]>[];
  paths: Record<string, Partial<Record<Method, Operation>>>;
};

export const OPENAPI_PATH = '/api/v1/openapi.json';

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str: Schema = { type: 'string' };
const dateTime: Schema = { type: 'string', format: 'date-time' };
const nullableDateTime: Schema = { type: ['string', 'null'], format: 'date-time' };
const ids: Schema = { type: 'array', items: str, maxItems: 100 };
const obj = (properties: Record<string, Schema>, required: string[] = Object.keys(properties)): Schema => ({ type: 'object', properties, required });
const json = (schema: Schema) => ({ 'application/json': { schema } });
const body = (schema: Schema) => ({ required: true, content: json(schema) });
const ok = (description: string, schema: Schema): Response => ({ description, content: json(schema) });
const list = (item: string): Schema => obj({ data: { type: 'array', items: ref(item) }, nextCursor: { type: ['string', 'null'] } });
const error = (description: string): Response => ({ description, content: json(ref('Error')) });

const idParam: Parameter = { name: 'id', in: 'path', required: true, schema: str };
const pageParams: Parameter[] = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
  { name: 'cursor', in: 'query', description: 'nextCursor of the previous page', schema: str },
];
const rangeParams: Parameter[] = [
  { name: 'from', in: 'query', description: 'ISO date or date-time, inclusive', schema: str },
  { name: 'to', in: 'query', description: 'ISO date-time, exclusive; a date alone includes that day', schema: str },
];
const refusals = { '400': error('Invalid input; the error names the field'), '401': error('No valid API token') };
const adminOnly = { ...refusals, '403': error('Only an Admin can do this') };
const notFound = { '404': error('No such id in your workspace') };

export const openApiDocument: OpenApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'InfluTrace admin API',
    version: '1.0.0',
    description: 'Integrations, creators, links, coupons, orders, reports, members and tokens of one workspace. Errors: {"error":{"code","message"}}.',
  },
  security: [{ bearer: [] }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: obj({ error: obj({ code: str, message: str, details: { type: 'object' } }, ['code', 'message']) }),
      Integration: obj(
        {
          id: str,
          type: { const: 'custom' },
          status: { enum: ['pending', 'connected', 'disconnected'] },
          websiteUrl: str,
          origin: str,
          snippet: str,
          createdAt: dateTime,
          connectedAt: nullableDateTime,
          disconnectedAt: nullableDateTime,
          lastPixelActivityAt: nullableDateTime,
          originsSeen: { type: 'array', items: { type: 'object' } },
          refusals: { type: ['object', 'null'], additionalProperties: { type: 'integer' } },
        },
        ['id', 'type', 'status', 'websiteUrl', 'origin', 'snippet'],
      ),
      Troubleshooting: obj({
        integrationId: str,
        enabled: obj({ links: { type: 'integer' }, coupons: { type: 'integer' } }),
        connected: obj({ status: str, connectedAt: nullableDateTime, disconnectedAt: nullableDateTime, lastPixelActivityAt: nullableDateTime }),
        origin: obj({ registered: str, otherOriginsSeen: { type: 'array', items: { type: 'object' } }, refusals: { type: ['object', 'null'] } }),
        attributable: obj({
          credited: { type: 'integer' },
          skipped: { type: 'integer' },
          skippedByReason: { type: 'object', additionalProperties: { type: 'integer' } },
        }),
        checks: { type: 'array', items: obj({ question: str, ok: { type: 'boolean' }, detail: str }) },
      }),
      Creator: obj({ id: str, name: str, createdAt: dateTime }),
      Link: obj({ id: str, code: str, url: str, creatorId: str, destinationUrl: str, integrationIds: ids, createdAt: dateTime }),
      Coupon: obj({ id: str, code: str, creatorId: str, integrationIds: ids, createdAt: dateTime }),
      Order: obj(
        {
          id: str,
          orderId: str,
          integrationId: str,
          status: { enum: ['credited', 'skipped'] },
          reason: str,
          creatorId: str,
          attributedBy: { enum: ['coupon', 'link'] },
          linkId: str,
          couponCode: str,
          value: { type: 'number' },
          currency: str,
          reportedAt: dateTime,
          processedAt: dateTime,
        },
        ['id', 'orderId', 'integrationId', 'status', 'value', 'currency', 'reportedAt', 'processedAt'],
      ),
      CreatorReport: obj({
        creatorId: str,
        name: str,
        clicks: { type: 'integer' },
        orders: { type: 'integer' },
        revenue: { type: 'object', additionalProperties: { type: 'number' }, description: 'per ISO 4217 currency' },
        conversionRate: { type: ['number', 'null'], description: 'orders / clicks; null without clicks' },
      }),
      Member: obj({ id: str, email: str, role: { enum: ['admin', 'member'] }, createdAt: dateTime }),
      Me: obj({ workspace: obj({ id: str, name: str }), user: obj({ id: str, email: str }), role: { enum: ['admin', 'member'] } }),
      RevenueDay: obj({
        day: { type: 'string', format: 'date', description: 'UTC day of processing' },
        currency: str,
        orders: { type: 'integer' },
        revenueMinor: { type: 'integer', description: 'integer minor units of the currency' },
        revenue: { type: 'number' },
      }),
      Token: obj({ id: str, name: str, userId: str, createdAt: dateTime, lastUsedAt: nullableDateTime, revokedAt: nullableDateTime }),
      WorkspaceSettings: obj({ id: str, name: str, attributionWindowDays: { type: 'integer', minimum: 1, maximum: 365 } }),
      OrderFlag: obj({
        id: str,
        kind: { enum: ['cross_integration_duplicate', 'changed_repeat'] },
        integrationId: str,
        orderId: { type: 'string', description: "the store's order id" },
        details: { type: 'object' },
        createdAt: dateTime,
        order: {
          type: ['object', 'null'],
          description: 'the order it is about, when recorded',
          properties: { id: str, status: str, value: { type: 'number' }, currency: str },
          required: ['id', 'status', 'value', 'currency'],
        },
      }),
      MoneyTotals: obj({ currency: str, gross: { type: 'number' }, refunded: { type: 'number' }, net: { type: 'number', description: 'gross - refunded' } }),
      Overview: obj({
        from: dateTime,
        to: dateTime,
        clicks: { type: 'integer' },
        creditedOrders: { type: 'integer' },
        revenue: { type: 'array', items: ref('MoneyTotals') },
        days: {
          type: 'array',
          description: 'every UTC day of the range',
          items: obj({
            day: { type: 'string', format: 'date' },
            clicks: { type: 'integer' },
            creditedOrders: { type: 'integer' },
            revenue: { type: 'array', items: ref('MoneyTotals') },
          }),
        },
        topCreators: {
          type: 'array',
          description: 'at most 5, by credited orders',
          items: obj({ creatorId: str, name: str, creditedOrders: { type: 'integer' }, revenue: { type: 'array', items: ref('MoneyTotals') } }),
        },
      }),
    },
  },
  paths: {
    '/api/v1/openapi.json': { get: { summary: 'This document', tags: ['meta'], security: [], responses: { '200': ok('OpenAPI 3.1', { type: 'object' }) } } },
    '/api/v1/integrations': {
      get: {
        summary: 'List integrations',
        tags: ['integrations'],
        responses: { '200': ok('Integrations', obj({ data: { type: 'array', items: ref('Integration') } })), ...refusals },
      },
      post: {
        summary: 'Add a custom-store integration (Admin)',
        tags: ['integrations'],
        requestBody: body(obj({ type: { const: 'custom' }, websiteUrl: { type: 'string', maxLength: 2048 } })),
        responses: { '201': ok('Created, pending', ref('Integration')), ...adminOnly },
      },
    },
    '/api/v1/integrations/{id}': {
      get: {
        summary: 'One integration, with origins seen and refusals',
        tags: ['integrations'],
        parameters: [idParam],
        responses: { '200': ok('Integration', ref('Integration')), ...refusals, ...notFound },
      },
    },
    '/api/v1/integrations/{id}/troubleshooting': {
      get: {
        summary: 'Troubleshooting missing orders: enabled? connected? origin? attributable?',
        tags: ['integrations'],
        parameters: [idParam],
        responses: { '200': ok('The four answers and checks', ref('Troubleshooting')), ...refusals, ...notFound },
      },
    },
    '/api/v1/integrations/{id}/verify': {
      post: {
        summary: 'Verify (Admin)',
        tags: ['integrations'],
        parameters: [idParam],
        responses: { '200': ok('connected, or pending with what was seen', { type: 'object' }), ...adminOnly, ...notFound, '409': error('Disconnected') },
      },
    },
    '/api/v1/integrations/{id}/disconnect': {
      post: {
        summary: 'Disconnect (Admin)',
        tags: ['integrations'],
        parameters: [idParam],
        responses: { '200': ok('Disconnected', obj({ id: str, status: { const: 'disconnected' } })), ...adminOnly, ...notFound },
      },
    },
    '/api/v1/creators': {
      get: { summary: 'List creators', tags: ['campaigns'], parameters: pageParams, responses: { '200': ok('Creators', list('Creator')), ...refusals } },
      post: {
        summary: 'Add a creator',
        tags: ['campaigns'],
        requestBody: body(obj({ name: { type: 'string', minLength: 1, maxLength: 200 } })),
        responses: { '201': ok('Created', ref('Creator')), ...refusals },
      },
    },
    '/api/v1/links': {
      get: { summary: 'List tracking links', tags: ['campaigns'], parameters: pageParams, responses: { '200': ok('Links', list('Link')), ...refusals } },
      post: {
        summary: 'Add a tracking link (code generated when not given)',
        tags: ['campaigns'],
        requestBody: body(
          obj(
            {
              creatorId: str,
              destinationUrl: { type: 'string', format: 'uri' },
              code: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
              integrationIds: ids,
            },
            ['creatorId', 'destinationUrl'],
          ),
        ),
        responses: { '201': ok('Created', ref('Link')), ...refusals, ...notFound, '409': error('Code taken') },
      },
    },
    '/api/v1/links/{id}': {
      patch: {
        summary: 'Change the integrations enabled on a link',
        tags: ['campaigns'],
        parameters: [idParam],
        requestBody: body(obj({ integrationIds: ids })),
        responses: { '200': ok('Link', ref('Link')), ...refusals, ...notFound },
      },
    },
    '/api/v1/coupons': {
      get: { summary: 'List coupons', tags: ['campaigns'], parameters: pageParams, responses: { '200': ok('Coupons', list('Coupon')), ...refusals } },
      post: {
        summary: 'Add a coupon (code unique per workspace, any case)',
        tags: ['campaigns'],
        requestBody: body(obj({ creatorId: str, code: { type: 'string', minLength: 1, maxLength: 64 }, integrationIds: ids }, ['creatorId', 'code'])),
        responses: { '201': ok('Created', ref('Coupon')), ...refusals, ...notFound, '409': error('Code exists') },
      },
    },
    '/api/v1/coupons/{id}': {
      patch: {
        summary: 'Change the integrations enabled on a coupon',
        tags: ['campaigns'],
        parameters: [idParam],
        requestBody: body(obj({ integrationIds: ids })),
        responses: { '200': ok('Coupon', ref('Coupon')), ...refusals, ...notFound },
      },
    },
    '/api/v1/orders': {
      get: {
        summary: 'List orders, newest processed first',
        tags: ['orders'],
        parameters: [
          { name: 'integrationId', in: 'query', schema: str },
          { name: 'creatorId', in: 'query', schema: str },
          { name: 'status', in: 'query', schema: { enum: ['credited', 'skipped'] } },
          ...rangeParams,
          ...pageParams,
        ],
        responses: { '200': ok('Orders', list('Order')), ...refusals },
      },
    },
    '/api/v1/reports/creators': {
      get: {
        summary: 'Per creator: clicks, orders, revenue per currency, conversion rate',
        tags: ['reports'],
        description: 'CSV with ?format=csv or Accept: text/csv.',
        parameters: [...rangeParams, { name: 'format', in: 'query', schema: { enum: ['json', 'csv'] } }],
        responses: {
          '200': {
            description: 'Report',
            content: {
              ...json(obj({ from: nullableDateTime, to: nullableDateTime, data: { type: 'array', items: ref('CreatorReport') } })),
              'text/csv': { schema: str },
            },
          },
          ...refusals,
        },
      },
    },
    '/api/v1/reports/creators/{creatorId}/revenue': {
      get: {
        summary: "One creator's credited revenue per UTC day and currency (days without orders are left out)",
        tags: ['reports'],
        description: 'Without from: the 30 days before to (default now); at most 400 days.',
        parameters: [{ name: 'creatorId', in: 'path', required: true, schema: str }, ...rangeParams],
        responses: {
          '200': ok('Revenue series', obj({ creatorId: str, name: str, from: dateTime, to: dateTime, data: { type: 'array', items: ref('RevenueDay') } })),
          ...refusals,
          ...notFound,
        },
      },
    },
    '/api/v1/reports/overview': {
      get: {
        summary: 'Clicks, credited orders, gross, refunded and net revenue per currency, per UTC day and for the top creators',
        tags: ['reports'],
        description: 'Without from: the 30 days before to (default now); at most 400 days.',
        parameters: rangeParams,
        responses: { '200': ok('Overview', ref('Overview')), ...refusals },
      },
    },
    '/api/v1/flags': {
      get: {
        summary: "Reconciliation's flags, newest first, each with its order",
        tags: ['orders'],
        parameters: [
          { name: 'kind', in: 'query', schema: { enum: ['cross_integration_duplicate', 'changed_repeat'] } },
          { name: 'integrationId', in: 'query', schema: str },
          ...pageParams,
        ],
        responses: { '200': ok('Flags', list('OrderFlag')), ...refusals },
      },
    },
    '/api/v1/workspace': {
      get: { summary: "The workspace's settings", tags: ['workspace'], responses: { '200': ok('Settings', ref('WorkspaceSettings')), ...refusals } },
      patch: {
        summary: 'Change the name or the attribution window (Admin)',
        tags: ['workspace'],
        requestBody: body({
          type: 'object',
          properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, attributionWindowDays: { type: 'integer', minimum: 1, maximum: 365 } },
          additionalProperties: false,
        }),
        responses: { '200': ok('Settings', ref('WorkspaceSettings')), ...adminOnly },
      },
    },
    '/api/v1/me': {
      get: {
        summary: 'The caller: workspace, email and role (what a client may offer them)',
        tags: ['members'],
        responses: { '200': ok('The caller', ref('Me')), ...refusals },
      },
    },
    '/api/v1/members': {
      get: { summary: 'List members', tags: ['members'], parameters: pageParams, responses: { '200': ok('Members', list('Member')), ...refusals } },
      post: {
        summary: 'Add a member (Admin); their first token is shown once',
        tags: ['members'],
        requestBody: body(obj({ email: { type: 'string', format: 'email' }, role: { enum: ['admin', 'member'] } })),
        responses: { '201': ok('Created', obj({ id: str, email: str, role: str, token: str })), ...adminOnly, '409': error('Already a member') },
      },
    },
    '/api/v1/members/{id}': {
      patch: {
        summary: "Change a member's role (Admin)",
        tags: ['members'],
        parameters: [idParam],
        requestBody: body(obj({ role: { enum: ['admin', 'member'] } })),
        responses: { '200': ok('Member', ref('Member')), ...adminOnly, ...notFound, '409': error('The last Admin cannot be demoted') },
      },
      delete: {
        summary: 'Remove a member and revoke their tokens (Admin)',
        tags: ['members'],
        parameters: [idParam],
        responses: { '204': { description: 'Removed' }, ...adminOnly, ...notFound, '409': error('The last Admin cannot be removed') },
      },
    },
    '/api/v1/tokens': {
      get: {
        summary: "List the workspace's API tokens, never their secret",
        tags: ['tokens'],
        parameters: pageParams,
        responses: { '200': ok('Tokens', list('Token')), ...refusals },
      },
      post: {
        summary: 'Create a token for the caller (Admin); the secret is shown once',
        tags: ['tokens'],
        requestBody: body(obj({ name: { type: 'string', minLength: 1, maxLength: 100 } })),
        responses: { '201': ok('Created', { allOf: [ref('Token'), obj({ token: str })] }), ...adminOnly },
      },
    },
    '/api/v1/tokens/{id}': {
      delete: {
        summary: 'Revoke a token (Admin, or a Member their own)',
        tags: ['tokens'],
        parameters: [idParam],
        responses: { '200': ok('Revoked', ref('Token')), ...adminOnly, ...notFound },
      },
    },
  },
};
