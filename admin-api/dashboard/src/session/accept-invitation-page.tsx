import { useEffect, useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../api/api-error';
import { createApiClient } from '../api/client';
import { ErrorMessage } from '../components/error-message';
import { TextField } from '../components/text-field';
import { signedInHint } from './token-storage';

/** /accept-invitation?token=…: the invited person chooses a password (at least 12 characters) and is signed in. */
export function AcceptInvitationPage() {
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  return (
    <PasswordPage
      title="Join your team on InfluTrace"
      intro="Choose a password (at least 12 characters) to accept the invitation."
      submitLabel="Accept the invitation"
      send={async (password) => {
        await createApiClient(null).post('/api/v1/auth/accept-invitation', { token, password });
        signedInHint.write();
      }}
    />
  );
}

/** A page with one new-password field that sends it, then opens the dashboard. */
export function PasswordPage({
  title,
  intro,
  submitLabel,
  send,
}: {
  title: string;
  intro: string;
  submitLabel: string;
  send(password: string): Promise<unknown>;
}) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = `${title} · InfluTrace admin`;
  }, [title]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await send(password);
      window.location.assign('/');
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  }

  return (
    <main className="sign-in" id="main">
      <form className="card sign-in-card stack" onSubmit={(e) => void submit(e)} aria-labelledby="password-page-title">
        <h1 id="password-page-title">{title}</h1>
        <p>{intro}</p>
        <TextField
          label="New password"
          name="new-password"
          type="password"
          autoComplete="new-password"
          minLength={12}
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <ErrorMessage error={error ?? undefined} />
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
      </form>
    </main>
  );
}
