import type Router from '@koa/router';
import type { z } from 'zod';
import type { Db } from '../../core/db';
import { AppError } from '../../core/errors';
import { randomString } from '../../core/domain/ids';
import { parseDestinationUrl } from '../../core/domain/origin';
import { linkEnablement, setEnabledIntegrations } from '../../core/repositories/enabled-integrations';
import { createLink, findLink, listLinks, type Link } from '../../core/repositories/links';
import type { AdminState } from '../auth';
import { paginate, parsePage } from '../pagination';
import { parseBody } from '../parse-body';
import { createLinkBody, patchLinkBody, type linkAnswer } from '../schemas/campaigns';
import { assertOwnCreator, assertOwnIntegrations, uniqueOr409 } from '../workspace-refs';

export function mountLinkRoutes(router: Router<AdminState>, deps: { db: Db; publicIngestUrl: string }): void {
  const linkView = (l: Link): z.infer<typeof linkAnswer> => ({
    id: l.id,
    code: l.code,
    url: `${deps.publicIngestUrl}/r/${l.code}`,
    creatorId: l.creatorId,
    destinationUrl: l.destinationUrl,
    integrationIds: l.integrationIds,
    createdAt: l.createdAt.toISOString(),
  });

  router.get('/api/v1/links', async (ctx) => {
    const { workspaceId } = ctx.state.principal;
    ctx.body = await paginate(parsePage(ctx.query), (page) => listLinks(deps.db, workspaceId, page), linkView);
  });

  router.post('/api/v1/links', async (ctx) => {
    const body = parseBody(createLinkBody, ctx.request.body);
    const { workspaceId } = ctx.state.principal;
    const destinationUrl = parseDestinationUrl(body.destinationUrl);
    await assertOwnCreator(deps.db, workspaceId, body.creatorId);
    await assertOwnIntegrations(deps.db, workspaceId, body.integrationIds);
    const code = body.code ?? randomString(8);
    const link = await uniqueOr409(
      () => createLink(deps.db, { workspaceId, creatorId: body.creatorId, code, destinationUrl, integrationIds: body.integrationIds }),
      `The link code "${code}" is taken.`,
      'code',
    );
    ctx.status = 201;
    ctx.body = linkView(link);
  });

  router.patch('/api/v1/links/:id', async (ctx) => {
    const body = parseBody(patchLinkBody, ctx.request.body);
    const { workspaceId } = ctx.state.principal;
    const link = await findLink(deps.db, String(ctx.params.id), workspaceId);
    if (!link) throw new AppError('not_found', 'No link with this id in your workspace.');
    await assertOwnIntegrations(deps.db, workspaceId, body.integrationIds);
    await setEnabledIntegrations(deps.db, linkEnablement, link, body.integrationIds);
    ctx.body = linkView((await findLink(deps.db, link.id, workspaceId)) as Link);
  });
}
