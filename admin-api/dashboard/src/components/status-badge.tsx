import type { IntegrationStatus } from '../api/types';

const LABELS: Record<IntegrationStatus | 'credited' | 'skipped', string> = {
  pending: 'Pending',
  connected: 'Connected',
  disconnected: 'Disconnected',
  credited: 'Credited',
  skipped: 'Skipped',
};

/** The product page's words for a status; colour is never the only signal (the word is always there). */
export function StatusBadge({ status }: { status: keyof typeof LABELS }) {
  return <span className={`badge badge-${status}`}>{LABELS[status]}</span>;
}
