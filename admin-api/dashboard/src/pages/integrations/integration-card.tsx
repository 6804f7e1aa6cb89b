import { useEffect, useId, useState } from 'react';
import { toApiError, type ApiError } from '../../api/api-error';
import type { Integration, VerifyAnswer } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { StatusBadge } from '../../components/status-badge';
import { formatDateTime } from '../../format';
import { useSession } from '../../session/session-context';
import { DisconnectDialog } from './disconnect-dialog';
import { OriginsSeen } from './origins-seen';
import { ServerConfirmation } from './server-confirmation';
import { ServerKeys } from './server-keys';
import { SnippetBlock } from './snippet-block';
import { VerifyResult } from './verify-result';

/** While the API keeps polling after a pending Verify, the card looks again this often, so it flips to Connected by itself. */
const REFRESH_WHILE_VERIFYING_MS = 3_000;

/** One store: status, origin, last pixel activity, origins seen; Set up, Server keys, and for Admins Verify pixel and Disconnect. */
export function IntegrationCard({ integration: listed }: { integration: Integration }) {
  const { api, isAdmin } = useSession();
  const [integration, setIntegration] = useState(listed);
  const [verifyAnswer, setVerifyAnswer] = useState<VerifyAnswer | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [showSetup, setShowSetup] = useState(false);
  const [showServer, setShowServer] = useState(false);
  const [confirmingDisconnect, setConfirmingDisconnect] = useState(false);
  const setupId = useId();
  const serverId = useId();
  const titleId = useId();
  const polling = verifyAnswer?.status === 'pending' && verifyAnswer.polling && integration.status === 'pending';

  useEffect(() => {
    let current = true;
    const refresh = () =>
      api.get<Integration>(`/api/v1/integrations/${encodeURIComponent(listed.id)}`).then(
        (detail) => current && setIntegration(detail),
        () => undefined, // the listed values stay on screen; a later refresh or a reload tries again
      );
    void refresh();
    const timer = polling ? setInterval(() => void refresh(), REFRESH_WHILE_VERIFYING_MS) : undefined;
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [api, listed.id, polling]);

  async function act(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const verify = () =>
    act(async () => {
      const answer = await api.post<VerifyAnswer>(`/api/v1/integrations/${encodeURIComponent(integration.id)}/verify`);
      setVerifyAnswer(answer);
      setIntegration(await api.get<Integration>(`/api/v1/integrations/${encodeURIComponent(integration.id)}`));
    });

  const disconnect = () =>
    act(async () => {
      await api.post(`/api/v1/integrations/${encodeURIComponent(integration.id)}/disconnect`);
      setConfirmingDisconnect(false);
      setVerifyAnswer(null);
      setIntegration(await api.get<Integration>(`/api/v1/integrations/${encodeURIComponent(integration.id)}`));
    });

  const live = integration.status !== 'disconnected';
  return (
    <article className="card integration-card" aria-labelledby={titleId} data-integration-id={integration.id}>
      <div className="card-header">
        <h2 id={titleId}>
          Custom store <span className="origin">{integration.origin}</span>
        </h2>
        <StatusBadge status={integration.status} />
      </div>
      <dl className="facts">
        <dt>Website URL</dt>
        <dd>{integration.websiteUrl}</dd>
        <dt>Integration id</dt>
        <dd>
          <code>{integration.id}</code>
        </dd>
        <dt>Last pixel activity</dt>
        <dd>{integration.lastPixelActivityAt ? formatDateTime(integration.lastPixelActivityAt) : 'None yet'}</dd>
        <dt>Origins seen</dt>
        <dd>
          <OriginsSeen origins={integration.originsSeen} registered={integration.origin} />
        </dd>
      </dl>
      <div className="actions">
        <button type="button" aria-expanded={showSetup} aria-controls={setupId} onClick={() => setShowSetup((s) => !s)}>
          Set up
        </button>
        <button type="button" aria-expanded={showServer} aria-controls={serverId} onClick={() => setShowServer((s) => !s)}>
          Server keys
        </button>
        {isAdmin && live && (
          <>
            <button type="button" onClick={() => void verify()} disabled={busy}>
              Verify pixel
            </button>
            <button type="button" className="danger" onClick={() => setConfirmingDisconnect(true)} disabled={busy}>
              Disconnect
            </button>
          </>
        )}
      </div>
      <ServerConfirmation integration={integration} onSaved={setIntegration} />
      <div id={setupId} hidden={!showSetup}>
        {showSetup && <SnippetBlock snippet={integration.snippet} />}
      </div>
      <div id={serverId} hidden={!showServer}>
        {showServer && <ServerKeys integration={integration} />}
      </div>
      <ErrorMessage error={error} />
      {verifyAnswer && live && <VerifyResult answer={verifyAnswer} status={integration.status} origin={integration.origin} />}
      {confirmingDisconnect && (
        <DisconnectDialog
          origin={integration.origin}
          busy={busy}
          error={error}
          onConfirm={() => void disconnect()}
          onCancel={() => setConfirmingDisconnect(false)}
        />
      )}
    </article>
  );
}
