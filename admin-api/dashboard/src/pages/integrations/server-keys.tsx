import { useEffect, useRef, useState } from 'react';
import { toApiError, type ApiError } from '../../api/api-error';
import type { Integration, IntegrationKey } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { LoadMore } from '../../components/load-more';
import { usePagedList } from '../../components/use-paged-list';
import { formatDateTime } from '../../format';
import { useSession } from '../../session/session-context';
import { CreateKeyForm } from './create-key-form';
import { RevokeKeyDialog } from './revoke-key-dialog';
import { SnippetBlock } from './snippet-block';

/**
 * What the store's server needs: the integration's secret keys (everyone lists them; Admins
 * create and revoke) and the calls it makes with one, as a snippet to copy.
 */
export function ServerKeys({ integration }: { integration: Integration }) {
  const { api, isAdmin } = useSession();
  const path = `/api/v1/integrations/${encodeURIComponent(integration.id)}/keys`;
  const keys = usePagedList<IntegrationKey>(path);
  const [revoking, setRevoking] = useState<IntegrationKey | null>(null);
  const [revokeError, setRevokeError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  // A revoked key loses its Revoke button: once the list shows it revoked, focus goes to the list, not the page's body.
  const table = useRef<HTMLTableElement>(null);
  const [revokedId, setRevokedId] = useState<string | null>(null);
  const shownRevoked = revokedId !== null && keys.items.some((k) => k.id === revokedId && k.revokedAt);
  useEffect(() => {
    if (!shownRevoked) return;
    table.current?.focus();
    setRevokedId(null);
  }, [shownRevoked]);

  async function revoke(key: IntegrationKey) {
    setBusy(true);
    setRevokeError(null);
    try {
      await api.delete(`${path}/${encodeURIComponent(key.id)}`);
      setRevoking(null);
      setRevokedId(key.id);
      keys.refresh();
    } catch (err) {
      setRevokeError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="stack server-keys" aria-label="Server keys">
      <p className="hint">Your store's server reports orders and refunds to InfluTrace with a secret key of this store.</p>
      <ErrorMessage error={keys.error} />
      {keys.loaded && keys.items.length === 0 && <p>No server keys yet.</p>}
      {keys.items.length > 0 && (
        <div className="table-wrap">
          <table ref={table} tabIndex={-1}>
            <caption>Server keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                {isAdmin && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {keys.items.map((key) => (
                <tr key={key.id} data-key-id={key.id}>
                  <th scope="row">{key.name}</th>
                  <td>
                    <code>isk_…{key.lastFour}</code>
                  </td>
                  <td>{formatDateTime(key.createdAt)}</td>
                  <td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Never'}</td>
                  <td>{key.revokedAt ? `Revoked ${formatDateTime(key.revokedAt)}` : 'Active'}</td>
                  {isAdmin && (
                    <td>
                      {!key.revokedAt && (
                        <button
                          type="button"
                          className="danger"
                          aria-label={`Revoke ${key.name}`}
                          onClick={() => {
                            setRevokeError(null);
                            setRevoking(key);
                          }}
                        >
                          Revoke
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore list={keys} />
      {isAdmin && integration.status !== 'disconnected' && <CreateKeyForm integrationId={integration.id} onCreated={keys.refresh} />}
      <SnippetBlock snippet={integration.serverSnippet} caption="Server calls (curl)" copyLabel="Copy server calls" />
      {revoking && (
        <RevokeKeyDialog serverKey={revoking} busy={busy} error={revokeError} onConfirm={() => void revoke(revoking)} onCancel={() => setRevoking(null)} />
      )}
    </section>
  );
}
