import type { OverviewDay } from '../../api/types';
import { MoneyTotalsCells, MoneyTotalsHeaders } from '../../components/money-totals-cells';

/** The chart's figures as a table, for screen readers and exact numbers; days without activity are left out. */
export function OverviewDaysTable({ days }: { days: OverviewDay[] }) {
  const active = days.filter((d) => d.clicks > 0 || d.creditedOrders > 0);
  return (
    <details>
      <summary>Per day as a table</summary>
      <div className="table-wrap">
        <table>
          <caption>Clicks, credited orders and revenue per day</caption>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col">Clicks</th>
              <th scope="col">Unique clicks</th>
              <th scope="col">Credited orders</th>
              <MoneyTotalsHeaders />
            </tr>
          </thead>
          <tbody>
            {active.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                <td className="number">{d.clicks}</td>
                <td className="number">{d.uniqueClicks}</td>
                <td className="number">{d.creditedOrders}</td>
                <MoneyTotalsCells totals={d.revenue} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {active.length === 0 && <p>No clicks and no credited orders in this period.</p>}
    </details>
  );
}
