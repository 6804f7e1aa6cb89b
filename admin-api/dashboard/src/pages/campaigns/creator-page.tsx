import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { CreatorDetail } from '../../api/commission-types';
import { ErrorMessage } from '../../components/error-message';
import { TextField } from '../../components/text-field';
import { useApiData } from '../../components/use-api-data';
import { useDocumentTitle } from '../../components/use-document-title';
import { useSaveForm } from '../../components/use-save-form';
import { useSession } from '../../session/session-context';
import { describeRule } from '../commissions/describe-rule';
import { RuleEditor, useRuleEditor } from '../commissions/rule-editor';

/** One creator: e-mail (anyone edits), its own commission rule (Admin edits) and the rule in effect. */
export function CreatorPage() {
  const { id = '' } = useParams();
  const { api } = useSession();
  const creator = useApiData(`creator/${id}`, () => api.get<CreatorDetail>(`/api/v1/creators/${encodeURIComponent(id)}`));
  useDocumentTitle(creator.data ? creator.data.name : 'Creator');
  return (
    <>
      <p>
        <Link to="/creators">← Creators</Link>
      </p>
      <h1>{creator.data?.name ?? 'Creator'}</h1>
      <ErrorMessage error={creator.error} />
      {creator.data && <CreatorForm key={JSON.stringify(creator.data)} creator={creator.data} onSaved={creator.reload} />}
    </>
  );
}

function CreatorForm({ creator, onSaved }: { creator: CreatorDetail; onSaved(): void }) {
  const { api, isAdmin } = useSession();
  const [email, setEmail] = useState(creator.email ?? '');
  const rule = useRuleEditor(creator.commission);
  const form = useSaveForm(
    () =>
      api.patch<CreatorDetail>(`/api/v1/creators/${encodeURIComponent(creator.id)}`, {
        email: email.trim() || null,
        ...(isAdmin ? { commission: rule.rule() } : {}),
      }),
    onSaved,
  );
  return (
    <>
      <dl className="facts card">
        <dt>Own rule</dt>
        <dd>{describeRule(creator.commission)}</dd>
        <dt>Rule in effect</dt>
        <dd>
          {describeRule(creator.effectiveCommission)}
          {!creator.commission && creator.effectiveCommission ? " (the workspace's default)" : ''}
        </dd>
        <dt>Report</dt>
        <dd>
          <Link to={`/reports/${encodeURIComponent(creator.id)}`}>Revenue and commissions</Link>
        </dd>
      </dl>
      <form className="card stack settings-form" aria-label="Creator details" onSubmit={form.onSubmit}>
        <TextField
          label="E-mail"
          type="email"
          maxLength={320}
          value={email}
          onChange={(e) => {
            setEmail(e.target.value);
            form.edited();
          }}
        />
        {isAdmin ? (
          <RuleEditor label="Commission rule of this creator (None: the workspace's default applies)" editor={rule} onEdit={form.edited} />
        ) : (
          <p className="hint">Only an Admin can change a commission rule.</p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={form.busy}>
            Save creator
          </button>
        </div>
        <ErrorMessage error={form.error} />
        {form.saved && (
          <p className="notice success" role="status">
            Saved.
          </p>
        )}
      </form>
    </>
  );
}
