import type { MoneyTotals } from '../api/types';
import { formatTotals } from '../format';

const FIGURES = ['gross', 'refunded', 'net'] as const;

/** The column headers and the cells of gross, refunded and net revenue, each in every currency. */
export function MoneyTotalsHeaders() {
  return (
    <>
      <th scope="col">Gross</th>
      <th scope="col">Refunded</th>
      <th scope="col">Net</th>
    </>
  );
}

export function MoneyTotalsCells({ totals }: { totals: MoneyTotals[] }) {
  return (
    <>
      {FIGURES.map((figure) => (
        <td className="number" key={figure}>
          {formatTotals(totals, figure)}
        </td>
      ))}
    </>
  );
}
