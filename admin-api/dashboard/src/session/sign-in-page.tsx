import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ApiError } from '../api/api-error';
import { ErrorMessage } from '../components/error-message';

/** Paste an API token (the one `npm start` prints, or one from POST /api/v1/tokens). */
export function SignInPage({ error, onSubmit }: { error?: ApiError; onSubmit(token: string): void }) {
  const [token, setToken] = useState('');
  const inputId = useId();
  const errorId = useId();
  useEffect(() => {
    document.title = 'Sign in · InfluTrace admin';
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = token.trim();
    if (trimmed) onSubmit(trimmed);
  }

  return (
    <main className="sign-in" id="main">
      <form className="card sign-in-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">InfluTrace admin</h1>
        <p>Sign in with an API token of your workspace.</p>
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
        <button type="submit" className="primary">
          Sign in
        </button>
        <p className="hint">
          <code>npm start</code> prints an admin token for the demo workspace.
        </p>
      </form>
    </main>
  );
}
