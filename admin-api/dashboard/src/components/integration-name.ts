import type { Integration } from '../api/types';

/** How a store is named wherever it can be chosen: its type and origin ("Custom store https://shop.example.com"). */
export function integrationName(integration: Pick<Integration, 'origin'>): string {
  return `Custom store ${integration.origin}`;
}
