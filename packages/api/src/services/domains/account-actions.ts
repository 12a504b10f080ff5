// Changes to one existing account (password, enabled, setting overrides) and
// its sessions across the cluster: where it is open now, and ending them all
// (CommuniGate Pro's KILLACCOUNTSESSIONS) through every node's admin API.
import type { Prisma, PrismaClient } from '@cc/db';
import type { SessionCounts } from '@cc/node-api';
import { applyChanges, diffSettings } from '@cc/settings';

import { audited } from '../audit/audited';
import { writeAudit } from '../audit/write-audit';
import { auditedBatch, fanOut, selectNodes, splitDown, type FailureReason } from '../nodes/fan-out';
import type { SecretBox } from '../secrets/secret-box';
import { choosePassword, findAccount, staleVersion } from './accounts';
import { asStored } from './cluster-defaults';
import type { DomainDeps } from './domains';
import { afterCommit, recordRevision } from './revisions';
import { checkChanges, conflictError, type SettingsEdit } from './settings-edit';
import type { DomainScope } from './tenant';

type Found = Awaited<ReturnType<typeof findAccount>>;

/** One versioned change of an account row, with its revision and audit entry, in one transaction. */
async function changeAccount(
  deps: DomainDeps,
  a: Found,
  expectedVersion: number | undefined,
  data: Prisma.MailAccountUpdateManyMutationInput,
  entry: { action: string; summary: string; changes?: unknown; before?: unknown; after?: unknown },
) {
  const result = await deps.prisma.$transaction(async (tx) => {
    const saved = await tx.mailAccount.updateMany({
      where: { id: a.id, version: expectedVersion ?? a.version },
      data: { ...data, version: { increment: 1 } },
    });
    if (saved.count === 0) return { conflict: true } as const;
    const version = (expectedVersion ?? a.version) + 1;
    const revision = await recordRevision(tx, deps.actor, {
      scope: 'account',
      domain: a.domain.name,
      target: a.address,
      version,
      summary: entry.summary,
      changes: entry.changes,
    });
    await writeAudit(tx, deps.actor, {
      action: entry.action,
      targetType: 'account',
      targetId: a.id,
      targetName: a.address,
      domain: a.domain.name,
      before: entry.before,
      after: { ...(entry.after as object), revision },
      outcome: 'SUCCESS',
    });
    return { revision, version };
  });
  return result;
}

export async function resetAccountPassword(
  deps: DomainDeps,
  input: { address: string; password?: string | undefined },
) {
  const audit = { action: 'accounts.resetPassword', targetType: 'account', targetName: input.address };
  return audited(
    deps.prisma,
    deps.actor,
    { ...audit, after: { passwordChosen: input.password !== undefined } },
    async () => {
      const a = await findAccount(deps.prisma, deps.domains, input.address);
      const password = await choosePassword(deps.prisma, a.domain.settings, input.password);
      const result = await changeAccount(
        deps,
        a,
        undefined,
        { passwordHash: password.hash },
        {
          action: audit.action,
          summary: `Account ${a.address}: password reset`,
          // No setting changed, but the nodes need the new hash: the revision names the account.
          changes: [{ key: 'password', before: 'set', after: 'changed' }],
          after: { passwordChosen: input.password !== undefined },
        },
      );
      if ('conflict' in result) throw staleVersion(a.version + 1, a.version);
      return afterCommit({ ...result, generatedPassword: password.generated });
    },
  );
}

export async function setAccountEnabled(deps: DomainDeps, input: { address: string; enabled: boolean }) {
  const audit = { action: 'accounts.setEnabled', targetType: 'account', targetName: input.address };
  return audited(deps.prisma, deps.actor, { ...audit, after: { enabled: input.enabled } }, async () => {
    const a = await findAccount(deps.prisma, deps.domains, input.address);
    const result = await changeAccount(
      deps,
      a,
      undefined,
      { enabled: input.enabled },
      {
        action: audit.action,
        summary: `Account ${a.address} ${input.enabled ? 'enabled' : 'disabled'}`,
        changes: [{ key: 'enabled', before: a.enabled, after: input.enabled }],
        before: { enabled: a.enabled },
        after: { enabled: input.enabled },
      },
    );
    if ('conflict' in result) throw staleVersion(a.version + 1, a.version);
    return afterCommit(result);
  });
}

export async function updateAccountSettings(deps: DomainDeps, input: SettingsEdit & { address: string }) {
  const audit = { action: 'accounts.updateSettings', targetType: 'account', targetName: input.address };
  return audited(deps.prisma, deps.actor, { ...audit, after: input.changes }, async () => {
    const a = await findAccount(deps.prisma, deps.domains, input.address);
    const changes = checkChanges(input.changes, { level: 'account', allSettings: deps.allSettings });
    // Applied to the stored overrides as read now; the version check below refuses a stale base.
    const before = asStored(a.settings);
    const after = applyChanges(before, changes);
    const diff = diffSettings(before, after);
    const result = await changeAccount(
      deps,
      a,
      input.expectedVersion,
      { settings: after as Prisma.InputJsonValue },
      {
        action: audit.action,
        summary: `Account ${a.address} settings: ${diff.map((d) => d.key).join(', ') || 'no change'}`,
        changes: diff,
        before,
        after: { settings: after },
      },
    );
    if ('conflict' in result) {
      throw await conflictError(deps.prisma, { scope: 'account', target: a.address }, input.expectedVersion, a.version);
    }
    return afterCommit(result);
  });
}

interface FanOutDeps {
  prisma: PrismaClient;
  secrets: SecretBox;
  timeoutMs?: number;
}

interface NodeRef {
  id: string;
  name: string;
  role: string;
}

/** Every node, and the Down ones apart, so answers can say who was not asked. */
async function nodesToAsk(prisma: PrismaClient) {
  const targets = await selectNodes(prisma, {});
  const { live, down } = splitDown(targets);
  return { targets, live, down: down.map(({ id, name, role }) => ({ id, name, role })) };
}

/** One node's answer to ending an account's sessions, as the audit entry and the caller see it. */
type Ended = { node: string; ended: number; error: string | null };

function nodeError(reason: FailureReason): string {
  if (reason.kind === 'refused' && reason.code === 'unsupported')
    return 'this node cannot list or end one account’s sessions';
  return reason.message;
}

/**
 * What a caller learns about nodes: server administrators, operators and auditors see each node by name;
 * domain administrators (no cluster:read) only totals — which nodes exist, their names and their errors
 * are cluster internals.
 */
export type NodeDetail = 'nodes' | 'totals';

function zeroSessions(): SessionCounts {
  return { imap: 0, pop: 0, smtp: 0, http: 0 };
}

function addSessions(sum: SessionCounts, s: SessionCounts): SessionCounts {
  return { imap: sum.imap + s.imap, pop: sum.pop + s.pop, smtp: sum.smtp + s.smtp, http: sum.http + s.http };
}

/** Where the account is open right now ("current host"), asked of every live node. */
export async function accountWhereOpen(deps: FanOutDeps, scope: DomainScope, address: string, detail: NodeDetail) {
  const a = await findAccount(deps.prisma, scope, address);
  const { targets, down } = await nodesToAsk(deps.prisma);
  const results = await fanOut(targets, (client) => client.accountSessions([a.address]), {
    prisma: deps.prisma,
    secrets: deps.secrets,
    timeoutMs: deps.timeoutMs ?? 1500,
    idempotent: true,
  });
  const answers = results.flatMap(
    (r): Array<{ node: NodeRef; sessions: SessionCounts | null; error: string | null }> => {
      const node = { id: r.node.id, name: r.node.name, role: r.node.role };
      if (r.ok) {
        const sessions = r.value.accounts.find((x) => x.address.toLowerCase() === a.address)?.sessions;
        return [{ node, sessions: sessions ?? null, error: null }];
      }
      return r.reason.kind === 'skipped-down' ? [] : [{ node, sessions: null, error: nodeError(r.reason) }];
    },
  );
  const openOn = answers.filter((x) => x.sessions !== null).map((x) => ({ node: x.node, sessions: x.sessions! }));
  const errors = answers.filter((x) => x.error !== null).map((x) => ({ node: x.node, error: x.error! }));
  const totals = {
    address: a.address,
    /** Nodes where the account has sessions, and those sessions added up. */
    nodesOpen: openOn.length,
    sessions: openOn.reduce((sum, o) => addSessions(sum, o.sessions), zeroSessions()),
    /** Live nodes that did not answer, and nodes not asked (down): their sessions are not counted. */
    nodesUnanswered: errors.length,
    nodesNotAsked: down.length,
    checkedAt: new Date(),
  };
  if (detail === 'totals') return { detail, ...totals };
  return { detail, ...totals, openOn, errors, notAsked: down };
}

/** Ends the account's sessions on every live node; the audit entry keeps each node's answer. */
export async function endAccountSessions(deps: DomainDeps & FanOutDeps, address: string, detail: NodeDetail) {
  const audit = { action: 'accounts.endSessions', targetType: 'account', targetName: address };
  return audited(deps.prisma, deps.actor, audit, async () => {
    const a = await findAccount(deps.prisma, deps.domains, address);
    const { targets, live, down } = await nodesToAsk(deps.prisma);
    const notAsked = down.map((d) => d.name);
    // Fail closed: on record before any node is asked. Not retried: a repeat could end newer sessions.
    const { result: results } = await auditedBatch(
      deps.prisma,
      {
        actor: deps.actor,
        entry: { ...audit, targetId: a.id, domain: a.domain.name },
        started: { nodes: live.map((n) => n.name), notAsked },
        close: (rs: Ended[]) => {
          const failed = rs.filter((r) => r.error !== null);
          return {
            after: { ended: rs.reduce((sum, r) => sum + r.ended, 0), nodes: rs, notAsked },
            error: failed.length > 0 ? failed.map((f) => `${f.node}: ${f.error}`).join('; ') : null,
          };
        },
      },
      async () =>
        (
          await fanOut(targets, (client) => client.endAccountSessions(a.address), {
            prisma: deps.prisma,
            secrets: deps.secrets,
            timeoutMs: deps.timeoutMs ?? 3000,
          })
        ).flatMap((r): Ended[] => {
          if (r.ok) return [{ node: r.node.name, ended: r.value.ended, error: null }];
          return r.reason.kind === 'skipped-down' ? [] : [{ node: r.node.name, ended: 0, error: nodeError(r.reason) }];
        }),
    );
    const ended = results.reduce((sum, r) => sum + r.ended, 0);
    const failed = results.filter((r) => r.error !== null);
    const totals = {
      ended,
      nodesAsked: results.length,
      nodesFailed: failed.length,
      nodesNotAsked: down.length,
    };
    if (detail === 'totals') return { detail, ...totals };
    return { detail, ...totals, nodes: results, notAsked: down };
  });
}
