import type { IntegrationStatus, VerifyAnswer } from '../../api/types';
import { formatDateTime } from '../../format';

/** What Verify pixel found: Connected, or the product page's "No pixel activity yet" checklist with what was seen elsewhere. */
export function VerifyResult({ answer, status, origin }: { answer: VerifyAnswer; status: IntegrationStatus; origin: string }) {
  if (answer.status === 'connected' || status === 'connected') {
    return (
      <p className="notice success" role="status">
        Connected: InfluTrace received a signal from {origin}.
      </p>
    );
  }
  return (
    <div className="notice warning" role="status">
      <p>
        <strong>{answer.message}</strong>: the pixel hasn’t reported in. Double-check that:
      </p>
      <ul>
        <li>the snippet is on the page and the site is published, and</li>
        <li>the page is served from the exact URL you registered, {answer.registeredOrigin} (for example https:// vs http://, or www. vs the bare domain).</li>
      </ul>
      {answer.originsSeen.length > 0 && (
        <>
          <p>Seen from other origins:</p>
          <ul>
            {answer.originsSeen.map((o) => (
              <li key={o.origin}>
                {o.origin}, last {formatDateTime(o.lastSeenAt)}
              </li>
            ))}
          </ul>
        </>
      )}
      {answer.polling && (
        <p>Open your website so the pixel loads: this card turns Connected by itself within {answer.pollingForMinutes} minutes once it reports in.</p>
      )}
    </div>
  );
}
