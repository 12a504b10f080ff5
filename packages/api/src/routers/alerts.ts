import { can } from '@cc/permissions';
import { ZAccountRef, ZAlertId, ZListAlerts, ZPostAlert } from '@cc/schemas';

import { alertsForAccount, getAlert, listAlerts, postAlert, removeAlert } from '../services/alerts/alerts';
import { alertDelivery } from '../services/alerts/delivery';
import { createTRPCRouter, procedure } from '../trpc';
import { domainDeps } from './domains';

export const alertsRouter = createTRPCRouter({
  list: procedure.input(ZListAlerts).query(({ ctx, input }) => listAlerts(ctx.db.prisma, ctx.domains, input)),
  get: procedure.input(ZAlertId).query(({ ctx, input }) => getAlert(ctx.db.prisma, ctx.domains, input.id)),
  /** Alerts in force or scheduled for one account (its page shows them). */
  forAccount: procedure
    .input(ZAccountRef)
    .query(({ ctx, input }) => alertsForAccount(ctx.db.prisma, ctx.domains, input.address)),
  /** Delivered on N of M nodes and shown to how many accounts; node names for node readers only. */
  delivery: procedure
    .input(ZAlertId)
    .query(({ ctx, input }) =>
      alertDelivery(
        { prisma: ctx.db.prisma, secrets: ctx.secrets },
        ctx.domains,
        input.id,
        can(ctx.user.role, 'cluster:read'),
      ),
    ),
  post: procedure.input(ZPostAlert).mutation(({ ctx, input }) => postAlert(domainDeps(ctx), input)),
  remove: procedure.input(ZAlertId).mutation(({ ctx, input }) => removeAlert(domainDeps(ctx), input.id)),
});
