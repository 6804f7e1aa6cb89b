import type { OriginSeen } from '../../api/types';
import { formatDateTime } from '../../format';

/** Where the pixel has reported from; another origin than the registered one is the usual reason a store stays Pending. */
export function OriginsSeen({ origins, registered }: { origins: OriginSeen[] | undefined; registered: string }) {
  if (!origins) return <>…</>;
  if (origins.length === 0) return <>None yet</>;
  return (
    <ul className="origins">
      {origins.map((o) => (
        <li key={o.origin}>
          {o.origin} {o.origin === registered ? '(registered)' : '(not the registered origin)'} · last {formatDateTime(o.lastSeenAt)}
        </li>
      ))}
    </ul>
  );
}
