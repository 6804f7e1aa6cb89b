import { Link } from 'react-router';
import type { CreatorReportRow } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { useApiData } from '../../components/use-api-data';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatPercent, formatRevenue } from '../../format';
import { useSession } from '../../session/session-context';

/** Per creator: clicks, credited orders, revenue per currency, conversion; each opens its report with the chart. */
export function ReportsPage() {
  useDocumentTitle('Reports');
  const { api } = useSession();
  const report = useApiData('report', () => api.get<{ data: CreatorReportRow[] }>('/api/v1/reports/creators'));

  return (
    <>
      <h1>Reports</h1>
      <ErrorMessage error={report.error} />
      <div className="table-wrap">
        <table>
          <caption>Creators, all time</caption>
          <thead>
            <tr>
              <th scope="col">Creator</th>
              <th scope="col">Clicks</th>
              <th scope="col">Orders</th>
              <th scope="col">Revenue</th>
              <th scope="col">Conversion</th>
            </tr>
          </thead>
          <tbody>
            {report.data?.data.map((row) => (
              <tr key={row.creatorId}>
                <th scope="row">
                  <Link to={`/reports/${encodeURIComponent(row.creatorId)}`}>{row.name}</Link>
                </th>
                <td className="number">{row.clicks}</td>
                <td className="number">{row.orders}</td>
                <td className="number">{formatRevenue(row.revenue)}</td>
                <td className="number">{formatPercent(row.conversionRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
