import { useId, useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../../api/api-error';
import type { Integration } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { ModalDialog } from '../../components/modal-dialog';
import { useSession } from '../../session/session-context';
import { SnippetBlock } from './snippet-block';

type Step = { kind: 'library' } | { kind: 'website' } | { kind: 'snippet'; integration: Integration };

/** Add integration → Custom → website URL → Get snippet, as the product page walks through it. */
export function AddIntegrationDialog({ onClose }: { onClose(): void }) {
  const [step, setStep] = useState<Step>({ kind: 'library' });
  return (
    <ModalDialog title={step.kind === 'snippet' ? 'Install the snippet' : 'Add integration'} onClose={onClose}>
      {step.kind === 'library' && <IntegrationLibrary onChoose={() => setStep({ kind: 'website' })} />}
      {step.kind === 'website' && <WebsiteForm onCreated={(integration) => setStep({ kind: 'snippet', integration })} />}
      {step.kind === 'snippet' && <SnippetStep integration={step.integration} onDone={onClose} />}
    </ModalDialog>
  );
}

function IntegrationLibrary({ onChoose }: { onChoose(): void }) {
  return (
    <>
      <p>Choose from the library.</p>
      <ul className="library">
        <li>
          <button type="button" className="library-item" onClick={onChoose}>
            <strong>Custom</strong>
            <span>A tracking pixel for any storefront that isn’t on Shopify.</span>
          </button>
        </li>
      </ul>
    </>
  );
}

function WebsiteForm({ onCreated }: { onCreated(integration: Integration): void }) {
  const { api } = useSession();
  const [websiteUrl, setWebsiteUrl] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const hintId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(await api.post<Integration>('/api/v1/integrations', { type: 'custom', websiteUrl: websiteUrl.trim() }));
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="stack">
      <label htmlFor={inputId}>Website URL</label>
      <input
        id={inputId}
        name="websiteUrl"
        type="url"
        required
        placeholder="https://shop.example.com"
        autoFocus
        value={websiteUrl}
        onChange={(e) => setWebsiteUrl(e.target.value)}
        aria-describedby={hintId}
        aria-invalid={error ? true : undefined}
      />
      <p className="hint" id={hintId}>
        Orders are only accepted from this exact origin, so enter the address your store is actually served from.
      </p>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Get snippet
        </button>
      </div>
    </form>
  );
}

function SnippetStep({ integration, onDone }: { integration: Integration; onDone(): void }) {
  return (
    <div className="stack">
      <p>
        Paste this snippet into your site’s <code>&lt;head&gt;</code>, on every page, then publish. The integration appears on the Integrations page as{' '}
        <strong>Pending</strong> until you install the snippet and verify it.
      </p>
      <SnippetBlock snippet={integration.snippet} autoFocusCopy />
      <div className="actions">
        <button type="button" className="primary" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
