import type { ReactNode } from 'react';
import { CopyButton } from './copy-button';

/** A secret the API answers only once (a server key, a webhook's signing secret): what it is, the secret, and Copy. */
export function SecretShownOnce({ children, secret, copyLabel, autoFocus }: { children: ReactNode; secret: string; copyLabel: string; autoFocus?: boolean }) {
  return (
    <div className="notice success" role="status">
      <p>
        {children} <code className="break">{secret}</code>
      </p>
      <CopyButton text={secret} label={copyLabel} autoFocus={autoFocus} />
    </div>
  );
}
