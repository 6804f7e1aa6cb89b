import { useState } from 'react';
import type { Integration } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { useApiData } from '../../components/use-api-data';
import { useDocumentTitle } from '../../components/use-document-title';
import { useSession } from '../../session/session-context';
import { AddIntegrationDialog } from './add-integration-dialog';
import { IntegrationCard } from './integration-card';

/** "Open Integrations in the sidebar and click Add integration": the connected stores as cards. */
export function IntegrationsPage() {
  useDocumentTitle('Integrations');
  const { api, isAdmin } = useSession();
  const integrations = useApiData('integrations', () => api.get<{ data: Integration[] }>('/api/v1/integrations'));
  const [adding, setAdding] = useState(false);

  return (
    <>
      <div className="page-header">
        <h1>Integrations</h1>
        {isAdmin && (
          <button type="button" className="primary" onClick={() => setAdding(true)}>
            Add integration
          </button>
        )}
      </div>
      {!isAdmin && <p className="hint">Connecting, verifying and disconnecting integrations require an Admin role.</p>}
      <ErrorMessage error={integrations.error} />
      {integrations.data?.data.length === 0 && <p>No integrations yet.{isAdmin ? ' Click Add integration to connect your store.' : ''}</p>}
      <ul className="cards" aria-label="Integrations">
        {integrations.data?.data.map((integration) => (
          <li key={integration.id}>
            <IntegrationCard integration={integration} />
          </li>
        ))}
      </ul>
      {adding && (
        <AddIntegrationDialog
          onClose={() => {
            setAdding(false);
            integrations.reload();
          }}
        />
      )}
    </>
  );
}
