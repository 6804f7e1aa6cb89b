import type Router from '@koa/router';
import { z } from 'zod';
import type { Db } from '../../core/db';
import { addMember } from '../../core/repositories/workspaces';
import { requireAdmin, type AdminState } from '../auth';
import { parseBody } from '../parse-body';

const createMemberBody = z.object({ email: z.string().trim().email().max(254), role: z.enum(['admin', 'member']) });

export function mountMemberRoutes(router: Router<AdminState>, deps: { db: Db }): void {
  router.post('/api/v1/members', async (ctx) => {
    requireAdmin(ctx);
    const body = parseBody(createMemberBody, ctx.request.body);
    const { userId, token } = await addMember(deps.db, { workspaceId: ctx.state.principal.workspaceId, email: body.email, role: body.role });
    ctx.status = 201;
    ctx.body = { id: userId, email: body.email.toLowerCase(), role: body.role, token };
  });
}
