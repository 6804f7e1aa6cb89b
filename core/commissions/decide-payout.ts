/** Whether a creator's approved commissions in one currency (clawbacks included) are paid out now, and how much. */
export function decidePayout(amountsMinor: number[], minimumMinor: number): { payout: boolean; amountMinor: number } {
  const amountMinor = amountsMinor.reduce((sum, a) => sum + a, 0);
  return { payout: amountMinor > 0 && amountMinor >= minimumMinor, amountMinor };
}
