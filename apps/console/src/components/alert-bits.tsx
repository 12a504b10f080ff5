import Link from 'next/link';

import type { AlertView } from './api-types';
import { accountPath, domainPath } from './paths';

type Severity = AlertView['severity'];
type Status = AlertView['status'];

const SEVERITY: Record<Severity, { label: string; className: string }> = {
  info: { label: 'Info', className: 'border-sky-200 bg-sky-50 text-sky-800' },
  warning: { label: 'Warning', className: 'border-amber-300 bg-amber-50 text-amber-900' },
  critical: { label: 'Critical', className: 'border-red-300 bg-red-50 text-red-800' },
};

export const SEVERITY_OPTIONS = (Object.keys(SEVERITY) as Severity[]).map((value) => ({
  value,
  label: SEVERITY[value].label,
}));

const STATUS: Record<Status, { label: string; className: string }> = {
  active: { label: 'Active', className: 'border-emerald-200 bg-emerald-50 text-emerald-800' },
  scheduled: { label: 'Scheduled', className: 'border-indigo-200 bg-indigo-50 text-indigo-800' },
  expired: { label: 'Expired', className: 'border-zinc-300 bg-zinc-100 text-zinc-700' },
  removed: { label: 'Removed', className: 'border-zinc-300 bg-zinc-100 text-zinc-600 line-through' },
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
      <span className="text-slate-500">{alert.scope === 'domain' ? 'Domain ' : 'Account '}</span>
      {link ? (
        <Link href={link} className="font-medium text-brand-600 [overflow-wrap:anywhere] hover:underline">
          {target}
        </Link>
      ) : (
        // Alerts are deleted with their domain or account; only a race gets here.
        <span className="text-slate-500">{target ?? '—'}</span>
      )}
    </span>
  );
}
