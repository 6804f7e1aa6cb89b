import { useState } from 'react';
import { Link } from 'react-router';
import { toApiError, type ApiError } from '../../api/api-error';
import type { CreatorReportRow } from '../../api/types';
import { DateRangePicker } from '../../components/date-range-picker';
import { ErrorMessage } from '../../components/error-message';
import { useApiData } from '../../components/use-api-data';
import { rangeQuery, useDateRange } from '../../components/use-date-range';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatPercent, formatRevenue } from '../../format';
import { useSession } from '../../session/session-context';
import { saveFile } from '../../components/save-file';

/** Per creator over a period: clicks, unique clicks, credited orders, gross, refunded and net revenue per currency, conversion; each opens its report with the chart. */
export function ReportsPage() {
  useDocumentTitle('Reports');
  const { api } = useSession();
  const [range, setRange] = useDateRange();
  const query = rangeQuery(range);
  const report = useApiData(`report?${query}`, () => api.get<{ data: CreatorReportRow[] }>(`/api/v1/reports/creators?${query}`));
  const [downloadError, setDownloadError] = useState<ApiError | null>(null);
  const [downloading, setDownloading] = useState(false);

  async function downloadCsv() {
    setDownloading(true);
    setDownloadError(null);
    try {
      saveFile(await api.download(`/api/v1/reports/creators?${query}&format=csv`), `creators-${range.from}-to-${range.to}.csv`);
    } catch (err) {
      setDownloadError(toApiError(err));
    } finally {
      setDownloading(false);
    }
  }

  return (
    <>
      <div className="page-header">
        <h1>Reports</h1>
        <button type="button" onClick={() => void downloadCsv()} disabled={downloading}>
          Download CSV
        </button>
      </div>
      <DateRangePicker range={range} onChange={setRange} />
      <ErrorMessage error={downloadError} />
      <ErrorMessage error={report.error} />
      <div className="table-wrap">
        <table>
          <caption>
            Creators, {range.from} to {range.to}
          </caption>
          <thead>
            <tr>
              <th scope="col">Creator</th>
              <th scope="col">Clicks</th>
              <th scope="col">Unique clicks</th>
              <th scope="col">Orders</th>
              <th scope="col">Revenue</th>
              <th scope="col">Refunded</th>
              <th scope="col">Net revenue</th>
              <th scope="col">Conversion (per unique click)</th>
            </tr>
          </thead>
          <tbody>
            {report.data?.data.map((row) => (
              <tr key={row.creatorId}>
                <th scope="row">
                  <Link to={`/reports/${encodeURIComponent(row.creatorId)}?${query}`}>{row.name}</Link>
                </th>
                <td className="number">{row.clicks}</td>
                <td className="number">{row.uniqueClicks}</td>
                <td className="number">{row.orders}</td>
                <td className="number">{formatRevenue(row.revenue)}</td>
                <td className="number">{formatRevenue(row.refunded)}</td>
                <td className="number">{formatRevenue(row.netRevenue)}</td>
                <td className="number">{formatPercent(row.conversionRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
