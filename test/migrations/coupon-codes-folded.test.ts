import { expect } from 'chai';
import type { Db } from '../../core/db';
import { openScratchDatabase } from '../support/scratch-database';

const FOLDING_MIGRATION = '20261207110100_coupon_codes_folded.ts';

describe('migration: coupon codes folded', function () {
  this.timeout(60_000);
  let db: Db;
  let scratch: Awaited<ReturnType<typeof openScratchDatabase>>;

  before(async () => {
    scratch = await openScratchDatabase('influtrace_coupon_fold');
    db = scratch.db;
  });
  after(async () => scratch?.drop());

  /** Runs the migrations one by one up to, not including, the folding one. */
  async function migrateUpToFolding(): Promise<void> {
    for (;;) {
      const [, pending] = (await db.migrate.list()) as [unknown, (string | { file: string })[]];
      const first = pending[0];
      const next = typeof first === 'string' ? first : first?.file;
      if (!next || next >= FOLDING_MIGRATION) return;
      await db.migrate.up();
    }
  }

  it('re-folds stored codes, and reports coupons that now clash instead of failing', async () => {
    await migrateUpToFolding();
    await db('workspaces').insert({ id: 'ws_fold', name: 'Fold' });
    await db('creators').insert({ id: 'cre_fold', workspace_id: 'ws_fold', name: 'Ava' });
    const coupon = (id: string, code: string, at: string) => ({
      id,
      workspace_id: 'ws_fold',
      creator_id: 'cre_fold',
      code,
      code_normalized: code.trim().toLowerCase(),
      created_at: at,
    });
    await db('coupons').insert([
      coupon('cpn_first', 'AVA10', '2026-01-01T00:00:00Z'),
      coupon('cpn_wide', 'ＡＶＡ10', '2026-01-02T00:00:00Z'),
      coupon('cpn_zws', 'AVA\u200B10', '2026-01-03T00:00:00Z'),
      coupon('cpn_strasse', 'Straße', '2026-01-04T00:00:00Z'),
    ]);

    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      await db.migrate.up();
    } finally {
      console.warn = warn;
    }

    const stored = Object.fromEntries((await db('coupons').select('id', 'code_normalized')).map((r) => [r.id, r.code_normalized]));
    expect(stored.cpn_first).to.equal('ava10');
    expect(stored.cpn_strasse).to.equal('strasse');
    // The later two fold like the first: reported, kept for display, matching nothing.
    expect(stored.cpn_wide).not.to.equal('ava10');
    expect(stored.cpn_zws).not.to.equal('ava10');
    expect(warnings.filter((w) => w.includes('coupon code clash'))).to.have.length(2);
    expect(warnings.join('\n')).to.include('cpn_wide').and.include('cpn_zws').and.include('cpn_first');

    await db.migrate.down();
    const restored = Object.fromEntries((await db('coupons').select('id', 'code_normalized')).map((r) => [r.id, r.code_normalized]));
    expect(restored).to.deep.equal({ cpn_first: 'ava10', cpn_wide: 'ａｖａ10', cpn_zws: 'ava\u200b10', cpn_strasse: 'straße' });
  });
});
