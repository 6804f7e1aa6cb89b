import type Router from '@koa/router';
import type { z } from 'zod';
import type { Db } from '../../core/db';
import { AppError } from '../../core/errors';
import { changeMember, findMember, listMembers, type Member } from '../../core/repositories/members';
import { addMember } from '../../core/repositories/workspaces';
import { requireAdmin, type AdminContext, type AdminState } from '../auth';
import { paginate, parsePage } from '../pagination';
import { parseBody } from '../parse-body';
import { createMemberBody, patchMemberBody, type createdMemberAnswer, type memberAnswer } from '../schemas/members';

const memberView = (m: Member): z.infer<typeof memberAnswer> => ({ id: m.id, email: m.email, role: m.role, createdAt: m.createdAt.toISOString() });

export function mountMemberRoutes(router: Router<AdminState>, deps: { db: Db }): void {
  router.get('/api/v1/members', async (ctx) => {
    const { workspaceId } = ctx.state.principal;
    ctx.body = await paginate(parsePage(ctx.query), (page) => listMembers(deps.db, workspaceId, page), memberView);
  });

  router.post('/api/v1/members', async (ctx) => {
    requireAdmin(ctx);
    const body = parseBody(createMemberBody, ctx.request.body);
    const added = await addMember(deps.db, { workspaceId: ctx.state.principal.workspaceId, email: body.email, role: body.role });
    if (!added) throw new AppError('conflict', `${body.email} is already a member; change their role with PATCH /api/v1/members/:id.`, { field: 'email' });
    ctx.status = 201;
    const answer: z.infer<typeof createdMemberAnswer> = { id: added.userId, email: body.email.toLowerCase(), role: body.role, token: added.token };
    ctx.body = answer;
  });

  router.patch('/api/v1/members/:id', async (ctx) => {
    requireAdmin(ctx);
    const body = parseBody(patchMemberBody, ctx.request.body);
    await change(ctx, body.role);
    ctx.body = memberView((await findMember(deps.db, ctx.state.principal.workspaceId, String(ctx.params.id))) as Member);
  });

  router.delete('/api/v1/members/:id', async (ctx) => {
    requireAdmin(ctx);
    await change(ctx, null);
    ctx.status = 204;
  });

  async function change(ctx: AdminContext, newRole: 'admin' | 'member' | null): Promise<void> {
    const outcome = await changeMember(deps.db, ctx.state.principal.workspaceId, String(ctx.params.id), newRole);
    if (outcome === 'not_found') throw new AppError('not_found', 'No member with this id in your workspace.');
    if (outcome === 'last_admin') throw new AppError('conflict', 'This is the last Admin of the workspace; make another member Admin first.');
  }
}
