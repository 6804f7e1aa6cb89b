import { expect } from 'chai';
import { randomString } from '../../core/domain/ids';
import { expectErrorShape } from '../admin-api/api-client';
import { arbitraryAdminBodies } from '../support/admin-body-arbitraries';
import { fuzz, fuzzSeed } from '../support/fuzz';
import { requestJson } from '../support/http';
import { adminOperations, concretePath, describeOperation, sampleBody } from '../support/openapi-walk';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { createWorkspaceFixture, type WorkspaceFixture } from '../support/workspace-fixture';

const BODY_LIMIT_BYTES = 64 * 1024;
const TOTAL_RUNS = 1600;

describe('admin API under fuzzed request bodies, on every POST and PATCH the OpenAPI document lists, with a token and with a session', function () {
  this.timeout(180_000);
  let p: Pipeline;
  let a: WorkspaceFixture;
  const writes = adminOperations().filter((op) => op.method === 'POST' || op.method === 'PATCH');
  const byStatus = new Map<number, number>();

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline({ worker: false });
    a = await createWorkspaceFixture(p, 'https://admin-fuzz.example.com');
  });
  after(async () => {
    const statuses = [...byStatus.entries()].sort(([x], [y]) => x - y).map(([status, n]) => `${status}×${n}`);
    const total = [...byStatus.values()].reduce((sum, n) => sum + n, 0);
    console.log(`      admin API fuzz: ${total} requests over ${writes.length} operations (seed ${fuzzSeed()}): ${statuses.join(' ')}`);
    await p?.stop();
  });

  it('walks every write operation, at least those known when it was written', () => {
    expect(writes.map(describeOperation)).to.include.members([
      'POST /api/v1/integrations',
      'POST /api/v1/creators',
      'POST /api/v1/links',
      'PATCH /api/v1/links/{id}',
      'POST /api/v1/coupons',
      'PATCH /api/v1/coupons/{id}',
      'POST /api/v1/members',
      'PATCH /api/v1/members/{id}',
      'POST /api/v1/tokens',
      'POST /api/v1/invitations',
      'POST /api/v1/me/totp/confirm',
      'POST /api/v1/auth/sign-in',
      'POST /api/v1/auth/accept-invitation',
      'POST /api/v1/auth/password-reset/confirm',
      'PATCH /api/v1/creators/{id}',
      'POST /api/v1/payouts',
      'POST /api/v1/payouts/{id}/paid',
      'POST /api/v1/payouts/{id}/cancel',
    ]);
  });

  for (const op of writes) {
    it(`answers ${describeOperation(op)} with a 2xx or a 4xx {error:{code,message}} as JSON, never a 5xx`, async () => {
      const valid = sampleBody(op.bodySchema, { creatorId: a.creatorId, integrationIds: [a.integrationId] }) ?? {};
      const url = `${p.adminUrl}${concretePath(op.path, a.ids)}`;
      let run = 0;
      await fuzz(arbitraryAdminBodies(valid, BODY_LIMIT_BYTES), Math.ceil(TOTAL_RUNS / writes.length), async (body) => {
        // Every other body comes with the Admin's session cookie from the dashboard's origin instead of the token (public routes: neither).
        const bySession = run++ % 2 === 1;
        const headers: Record<string, string> = { 'Content-Type': body.contentType };
        if (bySession) Object.assign(headers, { Cookie: `influtrace_session=${a.adminSession}`, Origin: new URL(p.adminUrl).origin });
        const token = op.isPublic || bySession ? undefined : a.adminToken;
        const response = await requestJson(url, { method: op.method, token, body: body.text, headers });
        byStatus.set(response.status, (byStatus.get(response.status) ?? 0) + 1);
        const described = `${body.label} → ${response.status} ${JSON.stringify(response.body)?.slice(0, 200)}`;
        expect(response.status, described).to.be.within(200, 499);
        if (response.status >= 400) expectErrorShape(response);
        if (Buffer.byteLength(body.text) > BODY_LIMIT_BYTES) expect(response.status, described).to.equal(413);
      });
    });
  }

  describe('after the fuzz', () => {
    it('left no prototype polluted in the process that parsed the bodies', () => {
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });

    it('still answers /healthz and serves a valid request', async () => {
      expect((await requestJson(`${p.adminUrl}/healthz`)).status).to.equal(200);
      const created = await requestJson(`${p.adminUrl}/api/v1/creators`, { token: a.adminToken, body: { name: `After fuzz ${randomString(4)}` } });
      expect(created.status).to.equal(201);
      const listed = await requestJson(`${p.adminUrl}/api/v1/creators?limit=500`, { token: a.adminToken });
      expect(listed.body.data.map((c: { id: string }) => c.id)).to.include(created.body.id);
    });
  });
});
