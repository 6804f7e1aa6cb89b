import { useMemo } from 'react';
import { Link } from 'react-router';
import type { Overview } from '../../api/types';
import { DateRangePicker } from '../../components/date-range-picker';
import { ErrorMessage } from '../../components/error-message';
import { MoneyTotalsCells, MoneyTotalsHeaders } from '../../components/money-totals-cells';
import { useApiData } from '../../components/use-api-data';
import { rangeQuery, useDateRange } from '../../components/use-date-range';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatPercent, formatTotals } from '../../format';
import { RevenueChart } from '../reports/revenue-chart';
import type { RevenueTable } from '../reports/revenue-days';
import { useSession } from '../../session/session-context';
import { OverviewDaysTable } from './overview-days-table';

/** Net revenue per day and currency, for the chart (the same figures are in the table of days). */
function netByDay(overview: Overview): RevenueTable {
  const currencies = overview.revenue.map((r) => r.currency);
  const days = overview.days.map((d) => d.day);
  const revenue = Object.fromEntries(currencies.map((c) => [c, overview.days.map((d) => d.revenue.find((r) => r.currency === c)?.net ?? 0)]));
  return { days, currencies, revenue };
}

/** The landing page: how the workspace is doing over a period; clicks, credited orders, revenue, a daily chart and the top creators. */
export function OverviewPage() {
  useDocumentTitle('Overview');
  const { api } = useSession();
  const [range, setRange] = useDateRange();
  const query = rangeQuery(range);
  const overview = useApiData(`overview?${query}`, () => api.get<Overview>(`/api/v1/reports/overview?${query}`));
  const data = overview.data;
  const chart = useMemo(() => (data ? netByDay(data) : null), [data]);

  return (
    <>
      <h1>Overview</h1>
      <DateRangePicker range={range} onChange={setRange} />
      <ErrorMessage error={overview.error} />
      {data && chart && (
        <>
          <dl className="stats" aria-label="Totals of the period">
            <div className="stat">
              <dt>Clicks</dt>
              <dd>{data.clicks}</dd>
            </div>
            <div className="stat">
              <dt>Unique clicks</dt>
              <dd>{data.uniqueClicks}</dd>
            </div>
            <div className="stat">
              <dt>Credited orders</dt>
              <dd>{data.creditedOrders}</dd>
            </div>
            <div className="stat">
              <dt>Conversion (per unique click)</dt>
              <dd>{formatPercent(data.uniqueClicks === 0 ? null : data.creditedOrders / data.uniqueClicks)}</dd>
            </div>
            <div className="stat">
              <dt>Gross revenue</dt>
              <dd>{formatTotals(data.revenue, 'gross')}</dd>
            </div>
            <div className="stat">
              <dt>Refunded</dt>
              <dd>{formatTotals(data.revenue, 'refunded')}</dd>
            </div>
            <div className="stat">
              <dt>Net revenue</dt>
              <dd>{formatTotals(data.revenue, 'net')}</dd>
            </div>
          </dl>
          <h2>Net revenue per day</h2>
          {chart.currencies.length === 0 ? (
            <p>No credited orders in this period.</p>
          ) : (
            <RevenueChart table={chart} label={`Net revenue per day from ${range.from} to ${range.to}`} />
          )}
          <OverviewDaysTable days={data.days} />
          <h2>Top creators</h2>
          <div className="table-wrap">
            <table>
              <caption>Top creators by credited orders</caption>
              <thead>
                <tr>
                  <th scope="col">Creator</th>
                  <th scope="col">Credited orders</th>
                  <MoneyTotalsHeaders />
                </tr>
              </thead>
              <tbody>
                {data.topCreators.map((c) => (
                  <tr key={c.creatorId}>
                    <th scope="row">
                      <Link to={`/reports/${encodeURIComponent(c.creatorId)}?${query}`}>{c.name}</Link>
                    </th>
                    <td className="number">{c.creditedOrders}</td>
                    <MoneyTotalsCells totals={c.revenue} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.topCreators.length === 0 && <p>No creator was credited in this period.</p>}
        </>
      )}
    </>
  );
}
