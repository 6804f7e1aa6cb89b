import { expect } from 'chai';
import { adminOperations, concretePath, describeOperation, sampleBody, type Operation } from '../support/openapi-walk';
import { requestJson } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { createWorkspaceFixture, type WorkspaceFixture } from '../support/workspace-fixture';
import { expectError, expectFieldNamed } from './api-client';

type Schema = Record<string, any>;

/** For one documented property, values its documented constraints refuse (each with what it breaks). */
function violationsOf(property: Schema): [string, unknown][] {
  const found: [string, unknown][] = [];
  if (typeof property.maxLength === 'number') found.push([`longer than maxLength ${property.maxLength}`, 'x'.repeat(property.maxLength + 1)]);
  if (typeof property.minLength === 'number' && property.minLength > 0) found.push([`shorter than minLength ${property.minLength}`, '']);
  if (typeof property.maximum === 'number') found.push([`above maximum ${property.maximum}`, property.maximum + 1]);
  if (typeof property.minimum === 'number') found.push([`below minimum ${property.minimum}`, property.minimum - 1]);
  if (typeof property.exclusiveMinimum === 'number') found.push([`not above exclusiveMinimum ${property.exclusiveMinimum}`, property.exclusiveMinimum]);
  if (Array.isArray(property.enum)) found.push(['not one of its enum', 'not-a-documented-value']);
  if (typeof property.pattern === 'string') found.push([`not matching ${property.pattern}`, '!?']);
  if (property.type === 'integer') found.push(['not an integer', 1.5]);
  if (property.type === 'boolean') found.push(['not a boolean', 'yes']);
  if (property.type === 'number' || property.type === 'integer') found.push(['a string', '1']);
  if (property.type === 'string') found.push(['a number', 1]);
  if (property.type === 'array') found.push(['not an array', 'x']);
  return found;
}

/**
 * The document says what the server enforces: for every documented write body, each documented
 * constraint broken alone (the rest of the body valid) is refused with 400 naming that field, and
 * each required field left out likewise. A schema written by hand and not enforced would fail here.
 */
describe('admin API: every constraint the OpenAPI document states is one the server enforces', function () {
  this.timeout(120_000);
  let p: Pipeline;
  let a: WorkspaceFixture;
  const writes = adminOperations().filter((op) => !op.isPublic && op.bodySchema && (op.method === 'POST' || op.method === 'PATCH'));

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline({ worker: false });
    a = await createWorkspaceFixture(p, 'https://contract.example.com');
  });
  after(async () => p?.stop());

  const send = (op: Operation, body: unknown) => requestJson(`${p.adminUrl}${concretePath(op.path, a.ids)}`, { method: op.method, token: a.adminToken, body });

  it('walks the write operations with a body, the new refund and confirmation settings among them', () => {
    expect(writes.map(describeOperation)).to.include.members(['POST /api/v1/orders/{id}/refunds', 'PATCH /api/v1/integrations/{id}', 'POST /api/v1/links']);
  });

  for (const op of writes) {
    it(`${describeOperation(op)}: refuses each documented constraint broken alone, and each required field missing, with 400 naming the field`, async () => {
      const valid = sampleBody(op.bodySchema, { creatorId: a.creatorId, integrationIds: [a.integrationId] }) ?? {};
      const properties = (op.bodySchema?.properties ?? {}) as Record<string, Schema>;
      let checked = 0;
      for (const [field, property] of Object.entries(properties)) {
        for (const [broken, value] of violationsOf(property)) {
          const response = await send(op, { ...valid, [field]: value });
          expect(response.status, `${field} ${broken}: ${JSON.stringify(response.body)}`).to.equal(400);
          expectFieldNamed(expectError(response, 400, response.body.error.code), field);
          checked += 1;
        }
      }
      for (const field of (op.bodySchema?.required ?? []) as string[]) {
        const without = Object.fromEntries(Object.entries(valid).filter(([name]) => name !== field));
        expectFieldNamed(expectError(await send(op, without), 400, 'validation_failed'), field);
        checked += 1;
      }
      expect(checked, 'constraints checked').to.be.greaterThan(0);
    });
  }
});
