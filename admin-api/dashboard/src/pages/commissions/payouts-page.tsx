import { useState } from 'react';
import { toApiError, type ApiError } from '../../api/api-error';
import type { Payout, PayoutPreview } from '../../api/commission-types';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorMessage } from '../../components/error-message';
import { TextField } from '../../components/text-field';
import { LoadMore } from '../../components/load-more';
import { saveFile } from '../../components/save-file';
import { useApiData } from '../../components/use-api-data';
import { useDocumentTitle } from '../../components/use-document-title';
import { usePagedList } from '../../components/use-paged-list';
import { formatDateTime, formatMoney } from '../../format';
import { useSession } from '../../session/session-context';
import { COMMISSION_STATUS_LABELS } from './describe-rule';

/** Payouts: what a run would pay now (Run payouts, Admin), every payout with Mark paid and Cancel (Admin), and the CSV. */
export function PayoutsPage() {
  useDocumentTitle('Payouts');
  const { api, isAdmin } = useSession();
  const preview = useApiData('payouts/preview', () => api.get<{ data: PayoutPreview[] }>('/api/v1/payouts/preview'));
  const payouts = usePagedList<Payout>('/api/v1/payouts?limit=100');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');

  async function act(what: () => Promise<string>) {
    setBusy(true);
    setError(null);
    try {
      setNotice(await what());
      preview.reload();
      payouts.refresh();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const run = () =>
    act(async () => {
      const made = await api.post<{ data: Payout[] }>('/api/v1/payouts', {});
      return made.data.length === 0 ? 'Nothing to pay now.' : `${made.data.length} payout(s) created.`;
    });
  const [asked, setAsked] = useState<{ payout: Payout; action: 'paid' | 'cancel' } | null>(null);
  const [reference, setReference] = useState('');
  const confirm = () => {
    if (!asked) return;
    const { payout, action } = asked;
    void act(async () => {
      const path = `/api/v1/payouts/${encodeURIComponent(payout.id)}/${action}`;
      await api.post(path, action === 'paid' && reference.trim() ? { reference: reference.trim() } : {});
      setAsked(null);
      setReference('');
      return action === 'paid' ? `Payout to ${payout.creatorName} marked paid.` : `Payout to ${payout.creatorName} canceled.`;
    });
  };
  const download = () =>
    act(async () => {
      saveFile(await api.download('/api/v1/payouts?format=csv'), 'payouts.csv');
      return 'Downloaded payouts.csv.';
    });

  return (
    <>
      <div className="page-header">
        <h1>Payouts</h1>
        <button type="button" onClick={() => void download()} disabled={busy}>
          Download CSV
        </button>
      </div>
      <ErrorMessage error={error ?? preview.error ?? payouts.error} />
      {notice && (
        <p className="notice success" role="status">
          {notice}
        </p>
      )}
      <section className="card stack" aria-label="Next payout run">
        <h2>Next run</h2>
        {preview.data && preview.data.data.length === 0 && <p className="hint">No creator has approved commissions to pay (above the minimum) right now.</p>}
        {preview.data && preview.data.data.length > 0 && (
          <div className="table-wrap">
            <table>
              <caption>What each creator gets if payouts run now</caption>
              <thead>
                <tr>
                  <th scope="col">Creator</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col" className="num">
                    Commissions
                  </th>
                </tr>
              </thead>
              <tbody>
                {preview.data.data.map((p) => (
                  <tr key={`${p.creatorId}/${p.currency}`}>
                    <td>{p.creatorName}</td>
                    <td className="num">{formatMoney(p.amount, p.currency)}</td>
                    <td className="num">{p.commissionCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {isAdmin ? (
          <div className="actions">
            <button type="button" className="primary" onClick={() => void run()} disabled={busy || !preview.data?.data.length}>
              Run payouts
            </button>
          </div>
        ) : (
          <p className="hint">Only an Admin can run, pay or cancel payouts.</p>
        )}
      </section>
      <div className="table-wrap">
        <table>
          <caption>Payouts, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Creator</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Status</th>
              <th scope="col">Reference</th>
              {isAdmin && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {payouts.items.map((p) => (
              <tr key={p.id}>
                <td>{formatDateTime(p.createdAt)}</td>
                <td>{p.creatorName}</td>
                <td className="num">
                  {formatMoney(p.amount, p.currency)} ({p.commissionCount})
                </td>
                <td>
                  {COMMISSION_STATUS_LABELS[p.status]}
                  {p.paidAt ? ` ${formatDateTime(p.paidAt)}` : ''}
                </td>
                <td>{p.reference ?? ''}</td>
                {isAdmin && (
                  <td>
                    {p.status === 'pending' && (
                      <>
                        <button
                          type="button"
                          onClick={() => setAsked({ payout: p, action: 'paid' })}
                          disabled={busy}
                          aria-label={`Mark paid: ${p.creatorName}`}
                        >
                          Mark paid
                        </button>{' '}
                        <button type="button" onClick={() => setAsked({ payout: p, action: 'cancel' })} disabled={busy} aria-label={`Cancel: ${p.creatorName}`}>
                          Cancel
                        </button>
                      </>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LoadMore list={payouts} />
      {asked && (
        <ConfirmDialog
          title={asked.action === 'paid' ? 'Mark the payout paid' : 'Cancel the payout'}
          confirmLabel={asked.action === 'paid' ? 'Mark paid' : 'Cancel payout'}
          busy={busy}
          error={error}
          onConfirm={confirm}
          onCancel={() => setAsked(null)}
        >
          {asked.action === 'paid' ? (
            <>
              {formatMoney(asked.payout.amount, asked.payout.currency)} to {asked.payout.creatorName}: its commissions become paid.
              <TextField label="Reference (e.g. the bank transfer)" maxLength={200} value={reference} onChange={(e) => setReference(e.target.value)} />
            </>
          ) : (
            <>
              {formatMoney(asked.payout.amount, asked.payout.currency)} to {asked.payout.creatorName}: its commissions go back to the next run.
            </>
          )}
        </ConfirmDialog>
      )}
    </>
  );
}
