import { useEffect, useId, useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../api/api-error';
import { createApiClient } from '../api/client';
import type { SignedIn } from '../api/types';
import { ErrorMessage } from '../components/error-message';
import { TextField } from '../components/text-field';

const api = createApiClient(null);

/** A person signs in with e-mail and password (and a code when two-factor is on); operators and scripts may paste an API token. */
export function SignInPage({ error, onSignedIn, onToken }: { error?: ApiError; onSignedIn(): void; onToken(token: string): void }) {
  const [mode, setMode] = useState<'password' | 'forgot'>('password');
  useEffect(() => {
    document.title = 'Sign in · InfluTrace admin';
  }, []);

  return (
    <main className="sign-in" id="main">
      <div className="card sign-in-card stack">
        <h1 id="sign-in-title">InfluTrace admin</h1>
        {mode === 'password' ? <PasswordForm onSignedIn={onSignedIn} onForgot={() => setMode('forgot')} /> : <ForgotForm onBack={() => setMode('password')} />}
        <SsoForm />
        {/* Open when a token was just refused, so its error shows. */}
        <details open={Boolean(error)}>
          <summary>Operators and scripts: sign in with an API token</summary>
          <TokenForm error={error} onToken={onToken} />
        </details>
      </div>
    </main>
  );
}

function PasswordForm({ onSignedIn, onForgot }: { onSignedIn(): void; onForgot(): void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [askCode, setAskCode] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post<SignedIn>('/api/v1/auth/sign-in', { email: email.trim(), password, ...(askCode && totp.trim() ? { totp: totp.trim() } : {}) });
      onSignedIn();
    } catch (err) {
      const failure = toApiError(err);
      if (failure.code === 'totp_required') setAskCode(true);
      else setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
      <TextField label="E-mail" name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      {askCode && (
        <TextField
          label="Two-factor code"
          name="totp"
          autoComplete="one-time-code"
          inputMode="numeric"
          autoFocus
          required
          hint="The 6-digit code from your authenticator app, or one of your recovery codes."
          value={totp}
          onChange={(e) => setTotp(e.target.value)}
        />
      )}
      <ErrorMessage error={error ?? undefined} />
      <button type="submit" className="primary" disabled={busy}>
        Sign in
      </button>
      <button type="button" className="link" onClick={onForgot}>
        Forgot your password?
      </button>
    </form>
  );
}

function ForgotForm({ onBack }: { onBack(): void }) {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await api.post('/api/v1/auth/password-reset', { email: email.trim() });
      setSent(true);
    } catch (err) {
      setError(toApiError(err));
    }
  }

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} aria-label="Reset your password">
      <p>We e-mail you a link to choose a new password (it works once, for an hour).</p>
      <TextField label="E-mail" name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <ErrorMessage error={error ?? undefined} />
      {sent && (
        <p className="notice success" role="status">
          If {email.trim()} has an account, a reset link is on its way.
        </p>
      )}
      <button type="submit" className="primary">
        Send the link
      </button>
      <button type="button" className="link" onClick={onBack}>
        Back to sign-in
      </button>
    </form>
  );
}

/**
 * Single sign-on: the workspace id (from `?workspace=ws_…` when a link carries it) picks the OpenID
 * provider; the browser goes to GET /api/v1/auth/sso/:workspaceId, which sends it on to the provider.
 */
function SsoForm() {
  const fromUrl = new URLSearchParams(window.location.search).get('workspace') ?? '';
  const [workspaceId, setWorkspaceId] = useState(fromUrl);

  function submit(event: FormEvent) {
    event.preventDefault();
    const id = workspaceId.trim();
    if (id) window.location.assign(`/api/v1/auth/sso/${encodeURIComponent(id)}`);
  }

  return (
    <details open={Boolean(fromUrl)}>
      <summary>Your company's identity provider: sign in with SSO</summary>
      <form className="stack" onSubmit={submit} aria-label="Single sign-on">
        <TextField
          label="Workspace id"
          name="workspace"
          autoComplete="off"
          spellCheck={false}
          required
          hint="ws_… — your Admin can give it to you, or a link with ?workspace= fills it in."
          value={workspaceId}
          onChange={(e) => setWorkspaceId(e.target.value)}
        />
        <button type="submit">Sign in with SSO</button>
      </form>
    </details>
  );
}

/** Paste an API token (one from POST /api/v1/tokens). */
function TokenForm({ error, onToken }: { error?: ApiError; onToken(token: string): void }) {
  const [token, setToken] = useState('');
  const inputId = useId();
  const errorId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = token.trim();
    if (trimmed) onToken(trimmed);
  }

  return (
    <form className="stack" onSubmit={submit} aria-label="Operator sign-in">
      <label htmlFor={inputId}>API token</label>
      <input
        id={inputId}
        name="token"
        type="password"
        autoComplete="off"
        spellCheck={false}
        required
        value={token}
        onChange={(e) => setToken(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      <ErrorMessage error={error} id={errorId} />
      <button type="submit">Sign in with the token</button>
    </form>
  );
}
