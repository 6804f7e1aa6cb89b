import { randomString } from '../../core/domain/ids';
import { openApiDocument } from '../../admin-api/openapi';

type Schema = { [key: string]: unknown };

/** One operation of the admin API, as the OpenAPI document lists it. */
export type Operation = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; path: string; summary: string; isPublic: boolean; bodySchema: Schema | null };

/** Every operation the OpenAPI document lists (a test keeps it equal to the routers), so a new route is walked too. */
export function adminOperations(): Operation[] {
  return Object.entries(openApiDocument().paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      method: method.toUpperCase() as Operation['method'],
      path,
      summary: op.summary,
      isPublic: Array.isArray(op.security) && op.security.length === 0,
      bodySchema: (op.requestBody?.content['application/json']?.schema as Schema | undefined) ?? null,
    })),
  );
}

export const describeOperation = (op: Operation) => `${op.method} ${op.path}`;

/**
 * What a Member may do (DESIGN.md, Roles): read everything but webhook endpoints (Admin only, their
 * deliveries too) and invitations, and write creators, links and coupons, and their own sessions and two-factor; nothing else.
 */
const MEMBER_WRITABLE = /^\/api\/v1\/(creators|links|coupons|me)(\/|$)/;
const ADMIN_ONLY = /^\/api\/v1\/(webhooks|invitations)(\/|$)/;

export function memberMayCall(op: Operation): boolean {
  if (ADMIN_ONLY.test(op.path)) return false;
  return op.method === 'GET' || MEMBER_WRITABLE.test(op.path);
}

/**
 * The resources a path's parameters name: `{id}` names the segment before it
 * (`/api/v1/links/{id}` → `links`), `{creatorId}` names `creators`.
 */
export function resourcesOfPath(path: string): { param: string; resource: string }[] {
  return [...path.matchAll(/\/([a-z-]+)\/\{(\w+)\}/g)].map(([, segment, param]) => ({
    param: param as string,
    resource: param === 'id' ? (segment as string) : `${(param as string).replace(/Id$/, '')}s`,
  }));
}

export const namesAnId = (path: string): boolean => resourcesOfPath(path).length > 0;

/** The concrete URL path, each parameter replaced by the id of its resource from `ids`. */
export function concretePath(path: string, ids: Record<string, string>): string {
  let concrete = path;
  for (const { param, resource } of resourcesOfPath(path)) {
    const id = ids[resource];
    if (!id) throw new Error(`no id of a ${resource} to call ${path}: add one to the fixture's ids`);
    concrete = concrete.replace(`{${param}}`, encodeURIComponent(id));
  }
  return concrete;
}

/** Values for the fields whose meaning a schema cannot say: ids of the caller's own workspace. */
export type KnownFields = { creatorId: string; integrationIds: string[] };

/** A body the schema accepts: required and optional properties, each with a plausible valid value. */
export function sampleBody(schema: Schema | null, known: KnownFields): Record<string, unknown> | undefined {
  if (!schema) return undefined;
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const body: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) body[name] = sampleValue(name, property, known);
  return body;
}

function sampleValue(name: string, schema: Schema, known: KnownFields): unknown {
  if (name === 'creatorId') return known.creatorId;
  if (name === 'integrationIds') return known.integrationIds;
  if (name === 'currency') return 'EUR';
  // A commission rule is money (Admin only): left out, so a Member's creator writes are the ones it may make.
  if (name === 'commission') return undefined;
  if (name === 'minimumPayout') return { EUR: 10 };
  // A nullable field (anyOf [T, null]): a value of T.
  const nonNull = Array.isArray(schema.anyOf) ? (schema.anyOf as Schema[]).find((branch) => branch.type !== 'null') : undefined;
  if (nonNull) return sampleValue(name, nonNull, known);
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[schema.enum.length - 1];
  if (schema.type === 'array') return [];
  if (schema.type === 'object' && schema.properties) return sampleBody(schema, known);
  if (schema.type === 'boolean') return true;
  if (schema.type === 'integer' || schema.type === 'number') return 1;
  if (schema.format === 'email') return `matrix-${randomString(8)}@example.test`;
  if (schema.format === 'uri' || /url/i.test(name)) return name === 'websiteUrl' ? `https://${randomString(8)}.example.test` : 'https://shop.example.test/page';
  return `${name}-${randomString(8)}`;
}
