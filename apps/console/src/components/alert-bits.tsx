import Link from 'next/link';

import type { AlertView } from './api-types';
import { accountPath, domainPath } from './paths';

type Severity = AlertView['severity'];
type Status = AlertView['status'];

const SEVERITY: Record<Severity, { label: string; className: string }> = {
  info: { label: 'Info', className: 'border-info-border bg-info-soft text-info-strong' },
  warning: { label: 'Warning', className: 'border-warning-border bg-warning-soft text-warning-strong' },
  critical: { label: 'Critical', className: 'border-danger-border bg-danger-soft text-danger-strong' },
};

export const SEVERITY_OPTIONS = (Object.keys(SEVERITY) as Severity[]).map((value) => ({
  value,
  label: SEVERITY[value].label,
}));

const STATUS: Record<Status, { label: string; className: string }> = {
  active: { label: 'Active', className: 'border-success-border bg-success-soft text-success-strong' },
  scheduled: {
    label: 'Scheduled',
    className: 'border-indigo-500/30 bg-indigo-500/10 text-indigo-800 dark:text-indigo-300',
  },
  expired: { label: 'Expired', className: 'border-input bg-muted text-secondary-foreground' },
  removed: { label: 'Removed', className: 'border-input bg-muted text-secondary-foreground line-through' },
};

const badge = 'inline-block whitespace-nowrap rounded border px-1.5 py-px text-xs font-medium';

/** Colour and word: severity must not be told by colour alone. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  const s = SEVERITY[severity];
  return (
    <span data-testid="alert-severity" data-severity={severity} className={`${badge} ${s.className}`}>
      {s.label}
    </span>
  );
}

export function AlertStatusBadge({ status }: { status: Status }) {
  const s = STATUS[status];
  return (
    <span data-testid="alert-status" data-status={status} className={`${badge} ${s.className}`}>
      {s.label}
    </span>
  );
}

/**
 * The alert's text exactly as typed: a React text node (never markup), line breaks kept. Long words
 * (URLs) wrap instead of widening the table.
 */
export function AlertText({ text, clamp = false }: { text: string; clamp?: boolean }) {
  return (
    <p
      data-testid="alert-text"
      className={`whitespace-pre-wrap break-words [overflow-wrap:anywhere] ${clamp ? 'line-clamp-3' : ''}`}
    >
      {text}
    </p>
  );
}

/** Who sees it: "Cluster-wide", or the domain / account, linked to its page. */
export function AlertAudience({ alert }: { alert: Pick<AlertView, 'scope' | 'target' | 'domain'> }) {
  if (alert.scope === 'cluster') {
    return (
      <span data-testid="alert-audience" className="whitespace-nowrap">
        Cluster-wide
      </span>
    );
  }
  const target = alert.target;
  let link = null;
  if (target && alert.scope === 'domain') link = domainPath(target);
  if (target && alert.scope === 'account' && alert.domain) {
    link = accountPath(alert.domain, target.slice(0, target.lastIndexOf('@')));
  }
  return (
    <span data-testid="alert-audience">
      <span className="text-muted-foreground">{alert.scope === 'domain' ? 'Domain ' : 'Account '}</span>
      {link ? (
        <Link href={link} className="font-medium text-primary [overflow-wrap:anywhere] hover:underline">
          {target}
        </Link>
      ) : (
        // Alerts are deleted with their domain or account; only a race gets here.
        <span className="text-muted-foreground">{target ?? '—'}</span>
      )}
    </span>
  );
}
