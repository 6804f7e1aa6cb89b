import { useState } from 'react';
import type { Coupon, Page } from '../../api/types';
import { CreatorSelect } from '../../components/creator-select';
import { EnableIntegrationsFieldset } from '../../components/enable-integrations-fieldset';
import { EnabledIntegrationsEditor } from '../../components/enabled-integrations-editor';
import { ErrorMessage } from '../../components/error-message';
import { TextField } from '../../components/text-field';
import { useApiData } from '../../components/use-api-data';
import { useDocumentTitle } from '../../components/use-document-title';
import { creatorName, LIST_LIMIT, useCreators, useIntegrations } from '../../components/use-workspace-lists';
import { useSession } from '../../session/session-context';
import { useCreateForm } from './use-create-form';

/** Coupons: a creator's discount code, credited first, on the integrations enabled here. */
export function CouponsPage() {
  useDocumentTitle('Coupons');
  const { api } = useSession();
  const creators = useCreators();
  const integrations = useIntegrations();
  const coupons = useApiData('coupons', () => api.get<Page<Coupon>>(`/api/v1/coupons?limit=${LIST_LIMIT}`));
  const [creatorId, setCreatorId] = useState('');
  const [code, setCode] = useState('');
  const [integrationIds, setIntegrationIds] = useState<string[]>([]);
  const form = useCreateForm(
    () => api.post('/api/v1/coupons', { creatorId, code: code.trim(), integrationIds }).then(() => undefined),
    () => {
      setCode('');
      coupons.reload();
    },
  );

  return (
    <>
      <h1>Coupons</h1>
      <form className="card stack" onSubmit={form.onSubmit} aria-label="Add a coupon">
        <CreatorSelect creators={creators.data?.data ?? []} value={creatorId} onChange={setCreatorId} />
        <TextField label="Coupon code" name="code" required maxLength={64} autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} />
        <EnableIntegrationsFieldset integrations={integrations.data?.data ?? []} selected={integrationIds} onChange={setIntegrationIds} />
        <p className="hint">An order that carries this code is credited to the creator, even when the shopper’s link attribution has expired.</p>
        <ErrorMessage error={form.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={form.busy}>
            Add coupon
          </button>
        </div>
      </form>
      <ErrorMessage error={coupons.error ?? integrations.error} />
      <ul className="cards" aria-label="Coupons">
        {coupons.data?.data.map((coupon) => (
          <li key={coupon.id} className="card">
            <h2>
              <code>{coupon.code}</code>
            </h2>
            <dl className="facts">
              <dt>Creator</dt>
              <dd>{creatorName(creators.data?.data, coupon.creatorId)}</dd>
            </dl>
            {integrations.data && (
              <EnabledIntegrationsEditor
                integrations={integrations.data.data}
                enabled={coupon.integrationIds}
                itemName={coupon.code}
                save={(ids) => api.patch(`/api/v1/coupons/${encodeURIComponent(coupon.id)}`, { integrationIds: ids }).then(() => undefined)}
              />
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
