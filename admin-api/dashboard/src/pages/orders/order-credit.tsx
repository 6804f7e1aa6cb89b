import { Link } from 'react-router';
import type { CreatorDetail } from '../../api/commission-types';
import type { Link as TrackingLink, Order, Page } from '../../api/types';
import { useApiData } from '../../components/use-api-data';
import { LIST_LIMIT } from '../../components/use-workspace-lists';
import { useSession } from '../../session/session-context';

/** Who the order is (or would be) credited to and how: "Ava, by coupon AVA10" or "Ava, by tracking link ava-1". */
export function OrderCredit({ order }: { order: Order }) {
  const { api } = useSession();
  const creatorId = order.creatorId ?? '';
  const creator = useApiData(`creator/${creatorId}`, () =>
    creatorId ? api.get<CreatorDetail>(`/api/v1/creators/${encodeURIComponent(creatorId)}`) : Promise.resolve(null),
  );
  const byLink = order.attributedBy === 'link' && order.linkId;
  const links = useApiData(`links-of/${byLink ? order.linkId : ''}`, () =>
    byLink ? api.get<Page<TrackingLink>>(`/api/v1/links?limit=${LIST_LIMIT}`) : Promise.resolve(null),
  );
  if (!order.creatorId) return <>Not credited to any creator</>;
  const name = creator.data?.name ?? order.creatorId;
  const linkCode = links.data?.data.find((l) => l.id === order.linkId)?.code;
  const how =
    order.attributedBy === 'coupon'
      ? `by coupon ${order.couponCode ?? ''}`
      : order.attributedBy === 'link'
        ? `by tracking link ${linkCode ?? order.linkId ?? ''}`
        : '';
  return (
    <>
      <Link to={`/creators/${encodeURIComponent(order.creatorId)}`}>{name}</Link>, {how}
      {order.status === 'pending' ? ' (once the store confirms it)' : ''}
    </>
  );
}
