import type { NodeState, ReadinessPreview } from './api-types';
import { NodeRoleLabel, StateBadge, STATE_STYLES } from './node-state-badge';

type PreviewNode = ReadinessPreview['nodes'][number];

/** States a node leaves service through; Make Ready brings any of them back. */
const OUT_OF_SERVICE: readonly NodeState[] = ['non-ready', 'draining', 'drained'];

/** "a", "a and b", "a, b and c", "a, b, c and 4 more": long selections stay one readable line. */
export function formatNames(names: readonly string[], limit = 3): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length > limit) return `${names.slice(0, limit).join(', ')} and ${names.length - limit} more`;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function namesOf(nodes: readonly PreviewNode[]): string {
  return formatNames(
    nodes.map((n) => n.name),
    5,
  );
}

/**
 * Plain-language consequences, per group of nodes: operators confirm what happens to users, not an
 * API call. Down/Unknown nodes get no sentence; the server's not-reachable warning covers them.
 */
export function describeReadinessChange(preview: ReadinessPreview): string[] {
  const { nodes } = preview;
  const one = (list: readonly PreviewNode[], single: string, plural: string) => (list.length === 1 ? single : plural);
  const out: string[] = [];
  if (preview.ready) {
    const coming = nodes.filter((n) => OUT_OF_SERVICE.includes(n.state));
    if (coming.length) out.push(`${namesOf(coming)} will accept new sessions again.`);
    const frontends = coming.filter((n) => n.role === 'FRONTEND');
    if (frontends.length) {
      out.push(`Client ports (IMAP, POP, SMTP, HTTP) reopen on ${namesOf(frontends)}.`);
    }
    const already = nodes.filter((n) => n.state === 'ready');
    if (already.length) out.push(`${namesOf(already)} ${one(already, 'is', 'are')} already Ready; nothing changes.`);
    return out;
  }
  const backends = nodes.filter((n) => n.state === 'ready' && n.role === 'BACKEND');
  if (backends.length) {
    const sessions = backends.reduce((s, n) => s + n.sessions, 0);
    const accounts = backends.reduce((s, n) => s + n.accountsOpen, 0);
    out.push(
      `${namesOf(backends)} will stop accepting new sessions. ${count(sessions, 'session')} and ` +
        `${count(accounts, 'open account')} will finish on ${one(backends, 'it', 'them')} (draining); ` +
        'new sessions go to the other backends.',
    );
  }
  const frontends = nodes.filter((n) => n.state === 'ready' && n.role === 'FRONTEND');
  if (frontends.length) {
    out.push(
      `${namesOf(frontends)} will close ${one(frontends, 'its', 'their')} client ports (IMAP, POP, SMTP, HTTP); ` +
        'open connections stay until they end.',
    );
  }
  for (const state of OUT_OF_SERVICE) {
    const already = nodes.filter((n) => n.state === state);
    if (already.length) {
      out.push(
        `${namesOf(already)} ${one(already, 'is', 'are')} already ${STATE_STYLES[state].label}; nothing changes.`,
      );
    }
  }
  return out;
}

/** What the server says would happen: consequences, totals, the chosen nodes and any warnings. */
export function ReadinessPreviewPanel({ preview }: { preview: ReadinessPreview }) {
  const sentences = describeReadinessChange(preview);
  return (
    <div className="space-y-3 text-sm">
      <div data-testid="readiness-summary" className="space-y-1.5 text-foreground">
        {sentences.map((s) => (
          <p key={s}>{s}</p>
        ))}
      </div>

      <dl className="flex gap-6 rounded border border-border bg-muted/60 px-3 py-2">
        <div>
          <dt className="text-[11px] font-medium uppercase tracking-wide text-muted-foreground">Sessions</dt>
          {/* Plain numbers (no separators): the same figure the node reports. */}
          <dd data-testid="readiness-sessions" className="text-base font-semibold tabular-nums">
            {preview.sessions}
          </dd>
        </div>
        <div>
          <dt className="text-[11px] font-medium uppercase tracking-wide text-muted-foreground">Open accounts</dt>
          <dd data-testid="readiness-accounts" className="text-base font-semibold tabular-nums">
            {preview.accountsOpen}
          </dd>
        </div>
      </dl>

      {preview.nodes.length > 1 && (
        <ul aria-label="Nodes" className="max-h-40 divide-y divide-border overflow-auto rounded border border-border">
          {preview.nodes.map((n) => (
            <li key={n.id} className="flex items-center gap-2 px-3 py-1.5">
              <span className="min-w-0 flex-1 truncate font-medium">{n.name}</span>
              <NodeRoleLabel role={n.role} />
              <StateBadge state={n.state} testId="readiness-node-state" />
              <span className="w-20 text-right text-xs tabular-nums text-muted-foreground">
                {count(n.sessions, 'session')}
              </span>
            </li>
          ))}
        </ul>
      )}

      {preview.warnings.map((w) => (
        <p
          key={w.code}
          data-testid="readiness-warning"
          data-code={w.code}
          className={`rounded border px-3 py-2 ${w.needsOverride ? 'border-danger-border bg-danger-soft text-danger-strong' : 'border-warning-border bg-warning-soft text-warning-strong'}`}
        >
          <strong className="font-semibold">{w.needsOverride ? 'Override needed: ' : 'Warning: '}</strong>
          {w.message}
        </p>
      ))}
    </div>
  );
}
