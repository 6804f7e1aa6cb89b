import { expect } from 'chai';
import { adminOperationSpecs } from '../../admin-api/openapi';
import { expectError, expectErrorShape } from '../admin-api/api-client';
import { requestJson, type JsonResponse } from '../support/http';
import { adminOperations, concretePath, describeOperation, memberMayCall, namesAnId, sampleBody, type Operation } from '../support/openapi-walk';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { allIdsOf, createWorkspaceFixture, type WorkspaceFixture } from '../support/workspace-fixture';
import { startSession } from '../../core/people/sessions';

/**
 * Walks every operation of the OpenAPI document (kept equal to the routers by
 * test/admin-api/openapi.test.ts), so a route added later is in these matrices without an edit.
 * test/admin-api/roles-and-tenants.test.ts has the hand-written cases with their exact effects.
 */
describe('admin API role and workspace matrices, over every documented operation', function () {
  this.timeout(120_000);
  let p: Pipeline;
  let a: WorkspaceFixture;
  let b: WorkspaceFixture;
  const operations = adminOperations().filter((op) => !op.isPublic);

  /** A credential: an API token, or a session cookie sent as the dashboard sends it (from its own origin). */
  type Credential = { token: string } | { cookie: string } | undefined;

  function call(op: Operation, credential: Credential, ids: Record<string, string>, caller: WorkspaceFixture): Promise<JsonResponse> {
    const body = sampleBody(op.bodySchema, { creatorId: caller.creatorId, integrationIds: [caller.integrationId] });
    const url = `${p.adminUrl}${concretePath(op.path, ids)}`;
    if (credential && 'cookie' in credential) {
      const headers = { Cookie: `influtrace_session=${credential.cookie}`, Origin: new URL(p.adminUrl).origin };
      return requestJson(url, { method: op.method, body, headers });
    }
    return requestJson(url, { method: op.method, token: credential?.token, body });
  }

  /** The same person by token or by session. */
  const as = (via: 'token' | 'session', f: WorkspaceFixture, role: 'admin' | 'member'): Credential =>
    via === 'token' ? { token: role === 'admin' ? f.adminToken : f.memberToken } : { cookie: role === 'admin' ? f.adminSession : f.memberSession };

  /** Turning two-factor on or off needs a code from an authenticator; the sample body's code is wrong, and that is all it may be refused for. */
  const NEEDS_A_CODE = /^\/api\/v1\/me\/totp(\/confirm)?$/;

  /** What must not change in workspace A whatever B or A's Member tried. */
  async function expectWorkspaceAIntact(): Promise<void> {
    const asAdmin = (path: string) => requestJson(`${p.adminUrl}${path}`, { token: a.adminToken });
    const integration = await asAdmin(`/api/v1/integrations/${a.integrationId}`);
    expect(integration.body).to.include({ status: 'pending', disconnectedAt: null });
    const links = await asAdmin('/api/v1/links');
    expect(links.body.data.find((l: { id: string }) => l.id === a.linkId).integrationIds).to.deep.equal([a.integrationId]);
    const coupons = await asAdmin('/api/v1/coupons');
    expect(coupons.body.data.find((c: { id: string }) => c.id === a.couponId).integrationIds).to.deep.equal([a.integrationId]);
    const members = await asAdmin('/api/v1/members');
    expect(members.body.data.find((m: { id: string }) => m.id === a.adminUserId).role).to.equal('admin');
    const tokens = await asAdmin('/api/v1/tokens');
    expect(tokens.body.data.find((t: { id: string }) => t.id === a.adminTokenId).revokedAt).to.equal(null);
    const order = await asAdmin(`/api/v1/orders/${a.orderRowId}`);
    expect(order.body).to.include({ status: 'credited', refundedValue: 0 });
    expect(order.body.refunds).to.deep.equal([]);
    expect(await p.db('order_refunds').where({ integration_id: a.integrationId }).count<{ count: string }[]>('* as count')).to.deep.equal([{ count: '0' }]);
    const integrationSettings = integration.body as { requireServerConfirmation: boolean; confirmationWindowHours: number };
    expect(integrationSettings).to.include({ requireServerConfirmation: false, confirmationWindowHours: 72 });
    const payout = await asAdmin(`/api/v1/payouts/${a.payoutId}`);
    expect(payout.body).to.include({ status: 'pending', commissionCount: 1 });
    const creator = await asAdmin(`/api/v1/creators/${a.creatorId}`);
    expect(creator.body.commission).to.equal(null);
  }

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline({ worker: false });
    a = await createWorkspaceFixture(p, 'https://matrix-a.example.com');
    b = await createWorkspaceFixture(p, 'https://matrix-b.example.com');
  });
  after(async () => p?.stop());

  it('walks at least every operation known when it was written', () => {
    const walked = operations.map(describeOperation);
    expect(walked).to.include.members([
      'GET /api/v1/integrations',
      'POST /api/v1/integrations/{id}/verify',
      'PATCH /api/v1/links/{id}',
      'DELETE /api/v1/members/{id}',
      'DELETE /api/v1/tokens/{id}',
      'GET /api/v1/reports/creators',
      'PATCH /api/v1/integrations/{id}',
      'GET /api/v1/orders/{id}',
      'POST /api/v1/orders/{id}/refunds',
      'POST /api/v1/invitations',
      'DELETE /api/v1/invitations/{id}',
      'DELETE /api/v1/workspace/sso',
      'GET /api/v1/me/sessions',
      'DELETE /api/v1/me/sessions/{id}',
      'POST /api/v1/me/totp',
      'GET /api/v1/creators/{id}',
      'PATCH /api/v1/creators/{id}',
      'GET /api/v1/commissions',
      'GET /api/v1/payouts',
      'POST /api/v1/payouts',
      'GET /api/v1/payouts/{id}',
      'POST /api/v1/payouts/{id}/paid',
      'POST /api/v1/payouts/{id}/cancel',
    ]);
    expect(walked.length).to.be.at.least(24);
  });

  it('agrees with the document: every operation it marks (Admin) is one a Member may not call', () => {
    for (const op of operations) if (/\(Admin\b/.test(op.summary)) expect(memberMayCall(op), describeOperation(op)).to.equal(false);
  });

  describe('without a token', () => {
    it('every operation answers 401 unauthorized', async () => {
      for (const op of operations) expectError(await call(op, undefined, a.ids, a), 401, 'unauthorized');
    });
  });

  for (const via of ['token', 'session'] as const) {
    describe(`with ${via === 'token' ? 'an API token' : 'a session cookie'}`, () => {
      describe('as the Admin of the workspace', () => {
        it('every read answers 200', async () => {
          for (const op of operations.filter((o) => o.method === 'GET')) {
            const response = await call(op, as(via, a, 'admin'), a.ids, a);
            expect(response.status, `${describeOperation(op)}: ${JSON.stringify(response.body)}`).to.equal(200);
          }
        });

        it('every read answers exactly the shape its OpenAPI schema documents (the zod schema that types the answer): no field missing, none extra', async () => {
          for (const op of operations.filter((o) => o.method === 'GET')) {
            const spec = adminOperationSpecs.find((s) => s.method === 'get' && s.path === op.path);
            const schema = spec?.responses['200']?.schema;
            expect(schema, describeOperation(op)).to.not.equal(undefined);
            const response = await call(op, as(via, a, 'admin'), a.ids, a);
            const parsed = schema!.safeParse(response.body);
            expect(parsed.success, `${describeOperation(op)}: ${parsed.error?.message}`).to.equal(true);
            expect(parsed.data, `${describeOperation(op)} answers fields its schema does not document`).to.deep.equal(response.body);
          }
        });
      });

      describe('as a Member of the workspace', () => {
        it('every read and every creator, link, coupon and own-account write succeeds; every other write answers 403 forbidden', async () => {
          a.ids.sessions = (await startSession(p.db, { workspaceId: a.workspaceId, userId: a.memberUserId, userAgent: 'spare' })).id;
          for (const op of operations) {
            const response = await call(op, as(via, a, 'member'), a.ids, a);
            const described = `${describeOperation(op)}: ${response.status} ${JSON.stringify(response.body)}`;
            if (memberMayCall(op) && op.bodySchema && NEEDS_A_CODE.test(op.path)) expectError(response, 401, 'invalid_totp');
            else if (memberMayCall(op)) expect(response.status, described).to.be.within(200, 299);
            else expectError(response, 403, 'forbidden');
          }
        });

        it("changed nothing of the Admin's by the refused calls", expectWorkspaceAIntact);
      });

      describe("when another workspace names this workspace's ids", () => {
        const withId = () => operations.filter((op) => namesAnId(op.path));

        it("every operation on an id answers 404 not_found to the other workspace's Admin", async () => {
          expect(withId().length).to.be.at.least(8);
          for (const op of withId()) expectError(await call(op, as(via, b, 'admin'), a.ids, b), 404, 'not_found');
        });

        it("every operation on an id answers the other workspace's Member 404, or 403 where only an Admin may act at all", async () => {
          for (const op of withId()) {
            const response = await call(op, as(via, b, 'member'), a.ids, b);
            if (memberMayCall(op)) expectError(response, 404, 'not_found');
            else {
              expect([403, 404], `${describeOperation(op)}: ${response.status}`).to.include(response.status);
              expectErrorShape(response);
            }
          }
        });

        it('leaves every object of the workspace as it was', expectWorkspaceAIntact);
      });
    });
  }

  describe('what a workspace reads', () => {
    it('never holds an id of the other workspace, in any read, as Admin or Member', async () => {
      const foreign = allIdsOf(b);
      for (const credential of [as('token', a, 'admin'), as('token', a, 'member'), as('session', a, 'admin'), as('session', a, 'member')]) {
        for (const op of operations.filter((o) => o.method === 'GET')) {
          const response = await call(op, credential, a.ids, a);
          const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
          for (const id of foreign) expect(text, `${describeOperation(op)} holds ${id}`).to.not.include(id);
        }
      }
    });
  });
});
