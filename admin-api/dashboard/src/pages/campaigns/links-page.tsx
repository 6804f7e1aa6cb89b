import { useState } from 'react';
import type { Link as TrackingLink, Page } from '../../api/types';
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

/** Tracking links: creator, destination, optional code, and the integrations whose orders they may credit. */
export function LinksPage() {
  useDocumentTitle('Links');
  const { api } = useSession();
  const creators = useCreators();
  const integrations = useIntegrations();
  const links = useApiData('links', () => api.get<Page<TrackingLink>>(`/api/v1/links?limit=${LIST_LIMIT}`));
  const [creatorId, setCreatorId] = useState('');
  const [destinationUrl, setDestinationUrl] = useState('');
  const [code, setCode] = useState('');
  const [integrationIds, setIntegrationIds] = useState<string[]>([]);
  const form = useCreateForm(
    () =>
      api
        .post('/api/v1/links', { creatorId, destinationUrl: destinationUrl.trim(), integrationIds, ...(code.trim() ? { code: code.trim() } : {}) })
        .then(() => undefined),
    () => {
      setDestinationUrl('');
      setCode('');
      links.reload();
    },
  );

  return (
    <>
      <h1>Links</h1>
      <form className="card stack" onSubmit={form.onSubmit} aria-label="Add a tracking link">
        <CreatorSelect creators={creators.data?.data ?? []} value={creatorId} onChange={setCreatorId} />
        <TextField
          label="Destination URL"
          name="destinationUrl"
          type="url"
          required
          placeholder="https://shop.example.com/"
          value={destinationUrl}
          onChange={(e) => setDestinationUrl(e.target.value)}
        />
        <TextField
          label="Code (optional)"
          name="code"
          pattern="[A-Za-z0-9_\-]{1,64}"
          hint="Letters, digits, - and _; generated when left empty."
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        <EnableIntegrationsFieldset integrations={integrations.data?.data ?? []} selected={integrationIds} onChange={setIntegrationIds} />
        <p className="hint">Orders and revenue are recorded only for links with an integration enabled. Links with none still track clicks.</p>
        <ErrorMessage error={form.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={form.busy}>
            Add link
          </button>
        </div>
      </form>
      <ErrorMessage error={links.error ?? integrations.error} />
      <ul className="cards" aria-label="Tracking links">
        {links.data?.data.map((link) => (
          <li key={link.id} className="card">
            <h2>
              <code>{link.code}</code>
            </h2>
            <dl className="facts">
              <dt>Creator</dt>
              <dd>{creatorName(creators.data?.data, link.creatorId)}</dd>
              <dt>Tracking URL</dt>
              <dd className="break">{link.url}</dd>
              <dt>Destination</dt>
              <dd className="break">{link.destinationUrl}</dd>
            </dl>
            {integrations.data && (
              <EnabledIntegrationsEditor
                integrations={integrations.data.data}
                enabled={link.integrationIds}
                itemName={link.code}
                save={(ids) => api.patch(`/api/v1/links/${encodeURIComponent(link.id)}`, { integrationIds: ids }).then(() => undefined)}
              />
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
