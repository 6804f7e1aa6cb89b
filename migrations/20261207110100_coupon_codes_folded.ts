import type { Knex } from 'knex';
import { foldCouponCode } from '../core/coupon-codes/fold-coupon-code';

type CouponRow = { id: string; workspace_id: string; code: string; code_normalized: string; created_at: Date };

/**
 * A coupon that can never match a report: reported codes are folded, and a folded code holds no
 * default-ignorable code point (U+200B here), so this value is unique and matches nothing.
 */
function unmatchable(id: string): string {
  return `\u200Bclash:${id}`;
}

/**
 * Re-stores `coupons.code_normalized` (unique per workspace) as the folded code
 * (core/coupon-codes/fold-coupon-code.ts). Coupons of one workspace that now fold to the same
 * code are reported, not refused: the oldest keeps the code; each later one stops matching
 * (its code is kept for display) and is printed, for its workspace to rename or delete.
 */
export async function up(knex: Knex): Promise<void> {
  const rows = await knex<CouponRow>('coupons').select('id', 'workspace_id', 'code', 'code_normalized', 'created_at').orderBy(['created_at', 'id']);
  const holder = new Map<string, CouponRow>();
  const assigned = new Map<string, string>();
  for (const row of rows) {
    const key = `${row.workspace_id}\u0000${foldCouponCode(row.code)}`;
    const first = holder.get(key);
    if (first) {
      assigned.set(row.id, unmatchable(row.id));
      console.warn(
        `coupon code clash: workspace ${row.workspace_id}: coupon ${row.id} ("${row.code}") folds to the same code as ${first.id} ("${first.code}"); ${first.id} keeps it, ${row.id} no longer matches`,
      );
    } else {
      holder.set(key, row);
      assigned.set(row.id, foldCouponCode(row.code));
    }
  }
  const changed = rows.filter((row) => assigned.get(row.id) !== row.code_normalized);
  // Two passes through values that cannot collide, so the unique index holds after every statement.
  for (const row of changed)
    await knex('coupons')
      .where({ id: row.id })
      .update({ code_normalized: unmatchable(row.id) });
  for (const row of changed)
    await knex('coupons')
      .where({ id: row.id })
      .update({ code_normalized: assigned.get(row.id) });
}

/** Back to `trim().toLowerCase()`; a coupon whose old form is taken (it cannot be, unless added since) is printed and left. */
export async function down(knex: Knex): Promise<void> {
  const rows = await knex<CouponRow>('coupons').select('id', 'workspace_id', 'code', 'code_normalized').orderBy(['created_at', 'id']);
  const taken = new Set<string>();
  for (const row of rows) {
    const old = row.code.trim().toLowerCase();
    const key = `${row.workspace_id}\u0000${old}`;
    if (taken.has(key)) {
      console.warn(`coupon code clash on rollback: coupon ${row.id} ("${row.code}") keeps its folded code`);
      continue;
    }
    taken.add(key);
    await knex('coupons')
      .where({ id: row.id })
      .update({ code_normalized: unmatchable(row.id) });
  }
  for (const row of rows) {
    const old = row.code.trim().toLowerCase();
    await knex('coupons')
      .where({ id: row.id, code_normalized: unmatchable(row.id) })
      .update({ code_normalized: old });
  }
}
