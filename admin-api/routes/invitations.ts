import type Router from '@koa/router';
import type { z } from 'zod';
import type { Db } from '../../core/db';
import { AppError } from '../../core/errors';
import { inviteMember, listPendingInvitations, revokeInvitation, type Invitation } from '../../core/people/invitations';
import { requireAdmin, type AdminState } from '../auth';
import { parseBody } from '../parse-body';
import type { PeopleDeps } from '../people-deps';
import { createInvitationBody, type createdInvitationAnswer, type invitationAnswer } from '../schemas/people';

const invitationView = (i: Invitation): z.infer<typeof invitationAnswer> => ({
  id: i.id,
  email: i.email,
  role: i.role,
  createdAt: i.createdAt.toISOString(),
  expiresAt: i.expiresAt.toISOString(),
});

/** Invitations (Admin): a one-time link, valid 7 days, e-mailed when SMTP_URL is set and always in the answer. */
export function mountInvitationRoutes(router: Router<AdminState>, deps: { db: Db; people: PeopleDeps }): void {
  router.post('/api/v1/invitations', async (ctx) => {
    requireAdmin(ctx);
    const body = parseBody(createInvitationBody, ctx.request.body);
    const invited = await inviteMember(deps.db, { workspaceId: ctx.state.principal.workspaceId, email: body.email, role: body.role });
    if (!invited) throw new AppError('conflict', `${body.email} is already a member of this workspace.`, { field: 'email' });
    const acceptUrl = `${deps.people.publicAdminUrl()}/accept-invitation?token=${encodeURIComponent(invited.token)}`;
    await deps.people.mailer?.send({
      to: invited.invitation.email,
      subject: 'You are invited to InfluTrace',
      text: `You are invited to join a workspace on InfluTrace as ${invited.invitation.role}.\n\nAccept within 7 days (the link works once):\n${acceptUrl}\n`,
    });
    const { id, email, role, expiresAt } = invitationView(invited.invitation);
    const answer: z.infer<typeof createdInvitationAnswer> = { id, email, role, expiresAt, acceptUrl };
    ctx.status = 201;
    ctx.body = answer;
  });

  router.get('/api/v1/invitations', async (ctx) => {
    requireAdmin(ctx);
    ctx.body = { data: (await listPendingInvitations(deps.db, ctx.state.principal.workspaceId)).map(invitationView) };
  });

  router.delete('/api/v1/invitations/:id', async (ctx) => {
    requireAdmin(ctx);
    if (!(await revokeInvitation(deps.db, ctx.state.principal.workspaceId, String(ctx.params.id)))) {
      throw new AppError('not_found', 'No pending invitation with this id in your workspace.');
    }
    ctx.status = 204;
  });
}
