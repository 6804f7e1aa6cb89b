import type { Integration, OriginSignal } from '../core/repositories/integrations';
import type { IntegrationFacts } from '../core/repositories/troubleshooting';
import { originSeenView } from './integration-view';
import type { TroubleshootingAnswer } from './schemas/integrations';

type Check = { question: string; ok: boolean; detail: string };

/**
 * The four questions of the product page's "Troubleshooting missing orders", answered from data:
 * is the integration enabled where the sale came from, is it connected, does the pixel report from
 * the registered origin, and were the orders attributable.
 */
export function troubleshootingView(
  integration: Integration,
  facts: IntegrationFacts,
  signals: OriginSignal[],
  refusals: Record<string, number> | null,
): TroubleshootingAnswer {
  const otherOrigins = signals.filter((s) => s.origin !== integration.origin);
  const { links, coupons } = facts.enabledOn;
  const skipped = Object.entries(facts.orders.skippedByReason)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
  const checks: Check[] = [
    {
      question: 'Is the integration enabled on the creator links and coupons?',
      ok: links + coupons > 0,
      detail: `Enabled on ${links} link(s) and ${coupons} coupon(s).${links + coupons === 0 ? ' Enable it on the links and coupons whose sales it should credit.' : ''}`,
    },
    {
      question: 'Is the integration connected?',
      ok: integration.status === 'connected',
      detail:
        integration.status === 'connected'
          ? `Connected since ${integration.connectedAt?.toISOString()}.`
          : integration.status === 'pending'
            ? 'Not verified yet: install the snippet and click Verify. Orders sent before verification are not credited.'
            : 'Disconnected: add the integration again and verify it.',
    },
    {
      question: 'Does the pixel report from the registered origin?',
      ok: integration.lastSignalAt !== null && !refusals?.origin_mismatch,
      detail: [
        integration.lastSignalAt
          ? `Last pixel activity from ${integration.origin} at ${integration.lastSignalAt.toISOString()}.`
          : `No pixel activity from ${integration.origin}.`,
        otherOrigins.length ? `Also seen on ${otherOrigins.map((s) => s.origin).join(', ')}, registered ${integration.origin}.` : '',
        refusals?.origin_mismatch ? `${refusals.origin_mismatch} beacon(s) refused for another origin.` : '',
      ]
        .filter(Boolean)
        .join(' '),
    },
    {
      question: 'Were the orders attributable?',
      ok: facts.orders.skipped === 0,
      detail: `${facts.orders.credited} credited, ${facts.orders.skipped} skipped${skipped ? ` (${skipped})` : ''}.`,
    },
  ];
  return {
    integrationId: integration.id,
    enabled: { links, coupons },
    connected: {
      status: integration.status,
      connectedAt: integration.connectedAt?.toISOString() ?? null,
      disconnectedAt: integration.disconnectedAt?.toISOString() ?? null,
      lastPixelActivityAt: integration.lastSignalAt?.toISOString() ?? null,
    },
    origin: { registered: integration.origin, otherOriginsSeen: otherOrigins.map(originSeenView), refusals },
    attributable: facts.orders,
    checks,
  };
}
