import { useEffect, useRef, useState, type FormEvent } from 'react';
import QRCode from 'qrcode';
import { toApiError, type ApiError } from '../../api/api-error';
import type { SessionInfo } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { TextField } from '../../components/text-field';
import { useApiData } from '../../components/use-api-data';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDateTime } from '../../format';
import { useSession } from '../../session/session-context';

/** The signed-in person's own account: two-factor sign-in, and the sessions signed in as them. */
export function AccountPage() {
  useDocumentTitle('Account');
  const { me } = useSession();
  return (
    <>
      <h1>Account</h1>
      <p>
        Signed in as <strong>{me.user.email}</strong>.
      </p>
      <TwoFactor />
      <Sessions />
    </>
  );
}

type Setup = { secret: string; otpauthUrl: string };

function TwoFactor() {
  const { api, me } = useSession();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [state, setState] = useState<'off' | 'on'>(me.user.twoFactor ? 'on' : 'off');
  const [error, setError] = useState<ApiError | null>(null);

  async function run(action: () => Promise<void>) {
    setError(null);
    try {
      await action();
    } catch (err) {
      const failure = toApiError(err);
      if (failure.status === 409) setState('on');
      else setError(failure);
    }
  }

  const start = () => run(async () => setSetup(await api.post<Setup>('/api/v1/me/totp')));
  const confirm = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const answer = await api.post<{ enabled: true; recoveryCodes: string[] }>('/api/v1/me/totp/confirm', { code: code.trim() });
      setRecoveryCodes(answer.recoveryCodes);
      setSetup(null);
      setCode('');
      setState('on');
    });
  };
  const turnOff = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await api.delete('/api/v1/me/totp', { code: code.trim() });
      setCode('');
      setState('off');
    });
  };

  return (
    <section className="card stack" aria-labelledby="two-factor-title">
      <h2 id="two-factor-title">Two-factor sign-in</h2>
      <p className="hint">A code from an authenticator app (TOTP) on top of your password.</p>
      {state !== 'on' && !setup && (
        <button type="button" className="primary" onClick={() => void start()}>
          Turn on two-factor
        </button>
      )}
      {setup && (
        <form className="stack" onSubmit={confirm} aria-label="Confirm two-factor">
          <p>Scan this code with your authenticator app, or enter the secret by hand:</p>
          <QrCode text={setup.otpauthUrl} />
          <code className="break" data-testid="totp-secret">
            {setup.secret}
          </code>
          <TextField
            label="Code from the app"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <button type="submit" className="primary">
            Confirm
          </button>
        </form>
      )}
      {recoveryCodes && (
        <div className="notice success" role="status">
          <p>Two-factor is on. Keep these recovery codes somewhere safe: each works once in place of a code, and they are shown only now.</p>
          <ul aria-label="Recovery codes">
            {recoveryCodes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {state === 'on' && !recoveryCodes && (
        <form className="stack" onSubmit={turnOff} aria-label="Turn two-factor off">
          <p>Two-factor is on.</p>
          <TextField label="Current code (or a recovery code)" required value={code} onChange={(e) => setCode(e.target.value)} />
          <button type="submit">Turn two-factor off</button>
        </form>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}

/** The otpauth:// URL as a QR code, drawn on a canvas (the page's CSP allows no data: images). */
function QrCode({ text }: { text: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current) void QRCode.toCanvas(canvas.current, text, { width: 200, margin: 1 });
  }, [text]);
  return <canvas ref={canvas} className="qr" role="img" aria-label="QR code of the two-factor secret" />;
}

function Sessions() {
  const { api } = useSession();
  const sessions = useApiData('me-sessions', () => api.get<{ data: SessionInfo[] }>('/api/v1/me/sessions'));
  return (
    <section className="card stack" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sessions</h2>
      <ErrorMessage error={sessions.error} />
      <table aria-label="Sessions">
        <thead>
          <tr>
            <th scope="col">Signed in</th>
            <th scope="col">Last seen</th>
            <th scope="col">Browser</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {sessions.data?.data.map((s) => (
            <tr key={s.id}>
              <td>{formatDateTime(s.createdAt)}</td>
              <td>{formatDateTime(s.lastSeenAt)}</td>
              <td>{s.userAgent ?? '—'}</td>
              <td>
                {s.current ? (
                  'This session'
                ) : (
                  <button type="button" onClick={() => void api.delete(`/api/v1/me/sessions/${s.id}`).then(sessions.reload)}>
                    End
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
