import { z } from 'zod';
import { zInt8String } from '@cc/schemas';

import { actorOf } from '../context';
import { chainMonitor } from '../services/audit/chain-status';
import { auditScopeFor, ZAuditListInput } from '../services/audit/filters';
import { getAuditEntry, listAuditEntries } from '../services/audit/list';
import {
  retentionSettings,
  syslogSettings,
  updateRetention,
  updateSyslog,
  ZRetentionSettings,
  ZSyslogSettings,
} from '../services/audit/settings';
import { createTRPCRouter, procedure } from '../trpc';

export const auditRouter = createTRPCRouter({
  /** Newest first, keyset-paged; domain administrators get their domains' entries only. */
  list: procedure
    .input(ZAuditListInput)
    .query(async ({ ctx, input }) =>
      listAuditEntries(ctx.db.prisma, await auditScopeFor(ctx.db.prisma, ctx.domains), input),
    ),

  /** One entry with its before/after values and their diff. */
  get: procedure
    .input(z.object({ id: zInt8String('Not an audit entry id.') }))
    .query(async ({ ctx, input }) =>
      getAuditEntry(ctx.db.prisma, await auditScopeFor(ctx.db.prisma, ctx.domains), input.id),
    ),

  /** The chain badge: intact, or the first broken entry. `full` re-reads every entry now. */
  verify: procedure
    .input(z.object({ full: z.boolean().default(false) }).default({ full: false }))
    .query(({ ctx, input }) => chainMonitor(ctx.db.prisma).status(input)),

  syslogSettings: procedure.query(({ ctx }) => syslogSettings(ctx.db.prisma)),
  updateSyslog: procedure
    .input(ZSyslogSettings)
    .mutation(({ ctx, input }) => updateSyslog(ctx.db.prisma, actorOf(ctx), input)),

  retention: procedure.query(({ ctx }) => retentionSettings(ctx.db.prisma)),
  updateRetention: procedure
    .input(ZRetentionSettings)
    .mutation(({ ctx, input }) => updateRetention(ctx.db.prisma, actorOf(ctx), input)),
});
