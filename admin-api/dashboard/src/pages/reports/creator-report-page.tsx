import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import type { RevenueSeries } from '../../api/types';
import { DateRangePicker } from '../../components/date-range-picker';
import { ErrorMessage } from '../../components/error-message';
import { useApiData } from '../../components/use-api-data';
import { rangeQuery, useDateRange } from '../../components/use-date-range';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatMoney } from '../../format';
import { useSession } from '../../session/session-context';
import { RevenueChart } from './revenue-chart';
import { revenueTable } from './revenue-days';

/** One creator's credited revenue over time: a chart and the same figures as a table. */
export function CreatorReportPage() {
  const { creatorId = '' } = useParams();
  const { api } = useSession();
  const [range, setRange] = useDateRange();
  const query = rangeQuery(range);
  const series = useApiData(`revenue/${creatorId}?${query}`, () =>
    api.get<RevenueSeries>(`/api/v1/reports/creators/${encodeURIComponent(creatorId)}/revenue?${query}`),
  );
  const name = series.data?.name ?? 'Creator';
  useDocumentTitle(`${name} report`);
  const table = useMemo(() => (series.data ? revenueTable(series.data.from, series.data.to, series.data.data) : null), [series.data]);
  const totals = (series.data?.data ?? []).reduce<Record<string, { revenue: number; orders: number }>>((sum, d) => {
    const t = (sum[d.currency] ??= { revenue: 0, orders: 0 });
    t.revenue += d.revenue;
    t.orders += d.orders;
    return sum;
  }, {});

  return (
    <>
      <p>
        <Link to={`/reports?${query}`}>← Reports</Link>
      </p>
      <h1>{name}</h1>
      <DateRangePicker range={range} onChange={setRange} />
      <ErrorMessage error={series.error} />
      {series.data && (
        <p>
          {Object.keys(totals).length === 0
            ? 'No credited orders in this period.'
            : Object.entries(totals)
                .map(([currency, t]) => `${formatMoney(t.revenue, currency)} from ${t.orders} ${t.orders === 1 ? 'order' : 'orders'}`)
                .join('; ')}
        </p>
      )}
      {table && (
        <>
          <h2>Revenue over time</h2>
          <RevenueChart table={table} label={`Revenue per day of ${name}, ${range.from} to ${range.to}`} />
          <details>
            <summary>Revenue by day as a table</summary>
            <div className="table-wrap">
              <table>
                <caption>Revenue by day</caption>
                <thead>
                  <tr>
                    <th scope="col">Day (UTC)</th>
                    {table.currencies.map((c) => (
                      <th scope="col" key={c}>
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {table.days.map((day, i) =>
                    table.currencies.some((c) => (table.revenue[c]?.[i] ?? 0) > 0) ? (
                      <tr key={day}>
                        <th scope="row">{day}</th>
                        {table.currencies.map((c) => (
                          <td className="number" key={c}>
                            {formatMoney(table.revenue[c]?.[i] ?? 0, c)}
                          </td>
                        ))}
                      </tr>
                    ) : null,
                  )}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </>
  );
}
