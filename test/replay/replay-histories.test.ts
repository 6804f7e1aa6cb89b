import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Worker, type ReplayResult, type WorkflowBundle } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { expect } from 'chai';
import { workflowTypes } from '../../core/temporal';
import { createLogger } from '../../core/logger';
import { workflowBundleSource } from '../../workflows/create-worker';
import { installTemporalRuntime } from '../../workflows/install-temporal-runtime';
import { historyFromJson } from './history-json';

/** Every saved history, in test/replay/histories and its folders (older shapes kept while runs of them may be open). */
const HISTORIES_DIR = path.join(__dirname, 'histories');

type SavedHistory = { name: string; workflowType: string; json: any };

function savedHistories(dir = HISTORIES_DIR): SavedHistory[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return savedHistories(file);
      if (!entry.name.endsWith('.json')) return [];
      const json = JSON.parse(fs.readFileSync(file, 'utf8'));
      const workflowType: string = json.events[0].workflowExecutionStartedEventAttributes.workflowType.name;
      return [{ name: path.relative(HISTORIES_DIR, file), workflowType, json }];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function replayAll(workflowBundle: WorkflowBundle, histories: SavedHistory[]): Promise<Map<string, ReplayResult['error']>> {
  const errors = new Map<string, ReplayResult['error']>();
  const replay = Worker.runReplayHistories(
    { workflowBundle, replayName: 'saved-histories' },
    histories.map((h) => ({ workflowId: h.name, history: historyFromJson(h.json) })),
  );
  for await (const result of replay) errors.set(result.workflowId, result.error);
  return errors;
}

function bundle(workflowsPath: string): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
}

/**
 * Open runs replay their histories on whatever code the next deploy runs. These histories were
 * recorded from a running system (`npm run record-histories`); replaying them on today's code
 * finds a change to a workflow's command sequence before it breaks an order waiting for its
 * confirmation in production. See the README, "Changing a workflow".
 */
describe('saved workflow histories', function () {
  this.timeout(180_000);
  const histories = savedHistories();
  const orderHistories = histories.filter((h) => h.workflowType === workflowTypes.processOrder).map((h) => h.name);

  // The SDK's runtime as the worker installs it: its logs go to our logger, at the test's level.
  before(() => installTemporalRuntime(createLogger({ level: process.env.LOG_LEVEL ?? 'warn', name: 'replay' })));

  it('cover every workflow type the worker runs', () => {
    const covered = new Set(histories.map((h) => h.workflowType));
    expect(Object.values(workflowTypes).filter((type) => !covered.has(type))).to.deep.equal([]);
  });

  describe("on today's workflow code", () => {
    it('all replay without a non-determinism error', async () => {
      const errors = await replayAll(await bundle(workflowBundleSource().workflowsPath), histories);
      expect([...errors.keys()]).to.have.members(histories.map((h) => h.name));
      const failed = [...errors].filter(([, error]) => error !== undefined).map(([name, error]) => `${name}: ${error?.message}`);
      expect(failed).to.deep.equal([]);
    });
  });

  describe("when the order workflow's command sequence changes without a patch (a fixture: one more timer first)", () => {
    it("fails every order history's replay with a DeterminismViolationError, and no other", async () => {
      const errors = await replayAll(await bundle(require.resolve('./fixtures/order-workflow-with-unpatched-timer')), histories);
      const failed = [...errors].filter(([, error]) => error !== undefined);
      expect(failed.map(([name]) => name)).to.have.members(orderHistories);
      for (const [name, error] of failed) expect(error, name).to.be.instanceOf(DeterminismViolationError);
    });
  });

  describe('when the same change is behind patched()', () => {
    it('replays them all', async () => {
      const errors = await replayAll(await bundle(require.resolve('./fixtures/order-workflow-with-patched-timer')), histories);
      const failed = [...errors].filter(([, error]) => error !== undefined).map(([name, error]) => `${name}: ${error?.message}`);
      expect(failed).to.deep.equal([]);
    });
  });
});
