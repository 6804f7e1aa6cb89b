import type { Creator, Integration, Page } from '../api/types';
import { useSession } from '../session/session-context';
import { useApiData } from './use-api-data';

/** The first 500 of a list: the dashboard's campaign pages show a workspace's creators, links and coupons on one page. */
export const LIST_LIMIT = 500;

export function useCreators() {
  const { api } = useSession();
  return useApiData('creators', () => api.get<Page<Creator>>(`/api/v1/creators?limit=${LIST_LIMIT}`));
}

export function useIntegrations() {
  const { api } = useSession();
  return useApiData('integrations', () => api.get<{ data: Integration[] }>('/api/v1/integrations'));
}

export function creatorName(creators: Creator[] | undefined, creatorId: string | undefined): string {
  if (!creatorId) return '—';
  return creators?.find((c) => c.id === creatorId)?.name ?? creatorId;
}
