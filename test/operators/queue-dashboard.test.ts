import { Queue } from 'bullmq';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { randomString } from '../../core/domain/ids';
import { queueNames, type PingJob } from '../../core/queues';
import { launchChromium } from '../support/browser';
import { requestJson } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { newWorkspace } from '../support/store-setup';
import { waitFor } from '../support/wait-for';
import { screenshot } from '../dashboard/dashboard-browser';

const OPERATOR_TOKEN = `op_${randomString(32)}`;

describe('the operators’ queue dashboard at /operator/queues', function () {
  this.timeout(120_000);
  let p: Pipeline;
  let pings: Queue<PingJob>;
  let failedJobId: string;

  /** A ping for an integration deleted after ingest queued it: PostgreSQL refuses it, and with one attempt it fails for good. */
  async function queueFailingPing(): Promise<string> {
    const job = await pings.add(
      'ping',
      { integrationId: `int_gone_${randomString(6)}`, origin: 'https://gone.example.com', seenAt: new Date().toISOString(), pings: 1 },
      { attempts: 1 },
    );
    await waitFor(async () => (await job.getState()) === 'failed', 'the ping job to fail');
    return job.id!;
  }

  before(async () => {
    p = await startPipeline({ worker: false, config: { operatorToken: OPERATOR_TOKEN } });
    pings = new Queue<PingJob>(queueNames.pings, { connection: { url: p.config.redisUrl }, prefix: p.config.queuePrefix });
    failedJobId = await queueFailingPing();
  });
  after(async () => {
    await pings?.close();
    await p?.stop();
  });

  describe('who may open it', () => {
    it('answers 401 without a token, as JSON to a client and with the sign-in form to a browser', async () => {
      const api = await requestJson(`${p.adminUrl}/operator/queues/api/queues`);
      expect(api.status).to.equal(401);
      expect(api.body.error.code).to.equal('unauthorized');
      const page = await fetch(`${p.adminUrl}/operator/queues/`, { headers: { Accept: 'text/html' } });
      expect(page.status).to.equal(401);
      expect(await page.text()).to.include('name="token"');
    });

    it('serves its page with no third-party font (the policy would refuse it)', async () => {
      const page = await fetch(`${p.adminUrl}/operator/queues/`, { headers: { Accept: 'text/html', Authorization: `Bearer ${OPERATOR_TOKEN}` } });
      expect(page.status).to.equal(200);
      const html = await page.text();
      expect(html).to.include('<html');
      expect(html).not.to.match(/fonts\.(googleapis|gstatic)\.com/);
    });

    it('answers 401 to a workspace’s API token, even an Admin’s', async () => {
      const { token } = await newWorkspace(p.db);
      expect((await requestJson(`${p.adminUrl}/api/v1/me`, { token })).status).to.equal(200);
      const res = await requestJson(`${p.adminUrl}/operator/queues/api/queues`, { token });
      expect(res.status).to.equal(401);
    });

    it('answers 200 with the operator token, listing every queue the system has', async () => {
      const res = await requestJson(`${p.adminUrl}/operator/queues/api/queues`, { token: OPERATOR_TOKEN });
      expect(res.status).to.equal(200);
      expect(res.body.queues.map((q: { name: string }) => q.name)).to.have.members(Object.values(queueNames));
    });

    it('signs a browser in with the token in an HttpOnly SameSite=Strict cookie, and refuses a wrong one', async () => {
      const form = (token: string) =>
        fetch(`${p.adminUrl}/operator/sign-in`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token, next: '/operator/queues/' }),
          redirect: 'manual',
        });
      const wrong = await form('not-the-token');
      expect(wrong.status).to.equal(401);
      expect(wrong.headers.get('set-cookie')).to.equal(null);
      const right = await form(OPERATOR_TOKEN);
      expect(right.status).to.equal(303);
      expect(right.headers.get('location')).to.equal('/operator/queues/');
      const cookie = right.headers.get('set-cookie')!;
      expect(cookie)
        .to.match(/httponly/i)
        .and.match(/samesite=strict/i)
        .and.match(/path=\/operator/i);
      expect(cookie, 'the cookie never holds the token itself').not.to.include(OPERATOR_TOKEN);
      const withCookie = await fetch(`${p.adminUrl}/operator/queues/api/queues`, { headers: { Cookie: cookie.split(';')[0]! } });
      expect(withCookie.status).to.equal(200);
    });

    it('never sends a signed-in browser anywhere but the operator pages', async () => {
      const res = await fetch(`${p.adminUrl}/operator/sign-in`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: OPERATOR_TOKEN, next: 'https://evil.example/' }),
        redirect: 'manual',
      });
      expect(res.headers.get('location')).to.equal('/operator/queues/');
    });
  });

  it('is off, a 404 that says so, when no operator token is configured', async () => {
    const off = await startPipeline({ worker: false });
    try {
      const res = await requestJson(`${off.adminUrl}/operator/queues/api/queues`, { token: OPERATOR_TOKEN });
      expect(res.status).to.equal(404);
      expect(res.body.error.message).to.include('OPERATOR_TOKEN');
      expect((await fetch(`${off.adminUrl}/operator/queues/`, { headers: { Accept: 'text/html' } })).status).to.equal(404);
    } finally {
      await off.stop();
    }
  });

  it('shows a failed job with its error, retries it, and cleans it', async () => {
    const list = await requestJson(`${p.adminUrl}/operator/queues/api/queues?activeQueue=pings&status=failed&page=1`, { token: OPERATOR_TOKEN });
    const queue = list.body.queues.find((q: { name: string }) => q.name === 'pings');
    const job = queue.jobs.find((j: { id: string }) => j.id === failedJobId);
    expect(job.failedReason).to.match(/foreign key/);

    const retry = await requestJson(`${p.adminUrl}/operator/queues/api/queues/pings/${failedJobId}/retry`, { method: 'PUT', token: OPERATOR_TOKEN });
    expect(retry.status).to.be.within(200, 204);
    await waitFor(async () => (await pings.getJob(failedJobId))?.attemptsMade === 2, 'the retried job to run again');
    await waitFor(async () => (await pings.getJob(failedJobId))?.isFailed(), 'the retried job to fail again');

    const clean = await requestJson(`${p.adminUrl}/operator/queues/api/queues/pings/${failedJobId}/clean`, { method: 'PUT', token: OPERATOR_TOKEN });
    expect(clean.status).to.equal(204);
    expect(await pings.getJob(failedJobId)).to.equal(undefined);
  });

  describe('in a browser (Chromium)', () => {
    let browser: Browser;
    before(async () => {
      browser = await launchChromium();
      failedJobId = await queueFailingPing();
    });
    after(async () => browser?.close());

    it('signs in, lists the queues and shows the failed job, with nothing refused by its Content-Security-Policy', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const problems: string[] = [];
      await page.goto(`${p.adminUrl}/operator/queues/`);
      // From here on: the 401 of the page that asked for a sign-in is the point, not a problem.
      page.on('console', (m) => {
        // Nothing refused: not even third-party web fonts, which the page no longer asks for.
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (err) => problems.push(err.message));
      try {
        await page.getByLabel('Operator token').fill(OPERATOR_TOKEN);
        await screenshot(page, 'operator-sign-in');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByText('InfluTrace queues').first().waitFor({ timeout: 30_000 });
        for (const name of Object.values(queueNames)) await page.getByText(name, { exact: true }).first().waitFor();
        await screenshot(page, 'operator-queues-overview');

        await page.goto(`${p.adminUrl}/operator/queues/queue/pings?status=failed`);
        await page
          .getByText(/foreign key/)
          .first()
          .waitFor({ timeout: 30_000 });
        await screenshot(page, 'operator-queues-failed-job');
        expect(problems).to.deep.equal([]);
      } finally {
        await context.close();
      }
    });
  });
});
