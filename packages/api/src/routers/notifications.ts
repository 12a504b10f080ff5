import { ZChannelId, ZCreateChannel, ZDeliveryId, ZListDeliveries, ZUpdateChannel } from '@cc/schemas';

import type { Context } from '../context';
import { actorOf } from '../context';
import {
  createChannel,
  deleteChannel,
  listChannels,
  listDeliveries,
  retryDelivery,
  testChannel,
  updateChannel,
} from '../services/notifications/channels';
import { createTRPCRouter, procedure } from '../trpc';

const deps = (ctx: Context) => ({ prisma: ctx.db.prisma, secrets: ctx.secrets, actor: actorOf(ctx) });

/** Where findings are sent (webhooks, SMTP) and what was sent: server administrators configure. */
export const notificationsRouter = createTRPCRouter({
  channels: procedure.query(({ ctx }) => listChannels(ctx.db.prisma)),
  createChannel: procedure.input(ZCreateChannel).mutation(({ ctx, input }) => createChannel(deps(ctx), input)),
  updateChannel: procedure
    .input(ZUpdateChannel)
    .mutation(({ ctx, input }) => updateChannel(deps(ctx), input.id, input.expectedVersion, input.channel)),
  deleteChannel: procedure.input(ZChannelId).mutation(({ ctx, input }) => deleteChannel(deps(ctx), input.id)),
  testChannel: procedure.input(ZChannelId).mutation(({ ctx, input }) => testChannel(deps(ctx), input.id)),
  deliveries: procedure.input(ZListDeliveries).query(({ ctx, input }) => listDeliveries(ctx.db.prisma, input)),
  retryDelivery: procedure.input(ZDeliveryId).mutation(({ ctx, input }) => retryDelivery(deps(ctx), BigInt(input.id))),
});
