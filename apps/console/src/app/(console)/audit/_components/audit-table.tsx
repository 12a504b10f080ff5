import Link from 'next/link';

import { isRole, ROLE_LABELS } from '@cc/permissions';

import { targetHref } from './filter-state';
import { OutcomeBadge } from './outcome-badge';
import type { AuditListItem } from './types';
import { useFormat } from '@cc/ui';

const HEADERS = ['Time', 'Actor', 'Role', 'Action', 'Target', 'Outcome', ''] as const;

export function AuditTable({
  rows,
  empty,
  onOpen,
}: {
  rows: AuditListItem[];
  empty: string;
  onOpen: (id: string) => void;
}) {
  const fmt = useFormat();
  return (
    <div className="overflow-x-auto rounded-md border border-border bg-card">
      <table className="w-full text-sm">
        <thead>
          <tr className="border-b border-border bg-muted/60 text-left text-xs text-secondary-foreground">
            {HEADERS.map((h, i) => (
              <th key={i} scope="col" className="px-3 py-2 font-semibold">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={HEADERS.length} className="px-3 py-10 text-center text-muted-foreground">
                {empty}
              </td>
            </tr>
          )}
          {rows.map((e) => {
            const href = targetHref(e);
            const target = e.targetName ?? e.targetId;
            return (
              <tr
                key={e.id}
                data-testid="audit-row"
                data-entry-id={e.id}
                data-action={e.action}
                className="border-b border-border align-top hover:bg-muted/60"
              >
                <td className="whitespace-nowrap px-3 py-2 tabular-nums text-secondary-foreground">
                  {fmt.dateTime(e.at)}
                </td>
                <td
                  className="whitespace-nowrap px-3 py-2"
                  title={[e.sourceIp, e.userAgent].filter(Boolean).join(' · ')}
                >
                  {e.actorEmail ?? <span className="text-muted-foreground">unknown</span>}
                </td>
                <td className="px-3 py-2 text-xs text-muted-foreground">{roleLabel(e.actorRole)}</td>
                <td className="px-3 py-2">
                  <code className="text-xs">{e.action}</code>
                </td>
                <td className="max-w-72 px-3 py-2">
                  {e.targetType && <span className="mr-1 text-xs text-muted-foreground">{e.targetType}</span>}
                  {href && target ? (
                    <Link
                      href={href}
                      data-testid="audit-target-link"
                      className="break-all text-primary hover:underline"
                    >
                      {target}
                    </Link>
                  ) : (
                    <span className="break-all">{target}</span>
                  )}
                </td>
                <td className="px-3 py-2">
                  <OutcomeBadge outcome={e.outcome} />
                  {e.error && <p className="mt-0.5 line-clamp-2 max-w-64 text-xs text-danger-strong">{e.error}</p>}
                </td>
                <td className="px-3 py-2 text-right">
                  <button
                    type="button"
                    onClick={() => onOpen(e.id)}
                    className="rounded border border-input px-2 py-0.5 text-xs hover:bg-card"
                  >
                    Details
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function roleLabel(role: string | null): string {
  return isRole(role) ? ROLE_LABELS[role] : (role ?? '');
}
