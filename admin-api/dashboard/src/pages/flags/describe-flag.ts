import type { FlagKind, OrderFlag } from '../../api/types';
import { formatMinorUnits } from '../../format';

export const FLAG_KINDS: Record<FlagKind, string> = {
  cross_integration_duplicate: 'Same order id credited on another store',
  changed_repeat: 'Repeat report with another value or currency',
  attribution_overridden: "The store's server credited another creator than the pixel",
};

type Amount = { valueMinor?: unknown; currency?: unknown };

function amount(value: unknown): string {
  const a = (value ?? {}) as Amount;
  return typeof a.valueMinor === 'number' && typeof a.currency === 'string' ? formatMinorUnits(a.valueMinor, a.currency) : 'an unknown amount';
}

/** What reconciliation saw, in words: the other stores of a duplicate, the two amounts of a changed repeat. */
export function describeFlag(flag: OrderFlag, storeName: (integrationId: string) => string): string {
  if (flag.kind === 'cross_integration_duplicate') {
    const others = Array.isArray(flag.details.otherIntegrationIds) ? flag.details.otherIntegrationIds.filter((id) => typeof id === 'string') : [];
    return others.length ? `Also credited on ${others.map(storeName).join(', ')}` : 'Also credited on another store';
  }
  if (flag.kind === 'attribution_overridden') return "Moved to the creator the store's server reported, from the one a pixel report had credited";
  return `A repeat report said ${amount(flag.details.reported)}; the order was credited with ${amount(flag.details.credited)}`;
}
