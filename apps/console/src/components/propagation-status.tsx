'use client';

import { useQuery } from '@tanstack/react-query';

import { useTRPC } from '~/trpc/react';

import type { RevisionProgress } from './api-types';

/** Nodes apply a change within a second or two; polling at that pace shows it land. */
const POLL_MS = 1000;

/** config.status, polled. Components asking with the same input share one request. */
export function usePropagation({ limit = 1, revision }: { limit?: number; revision?: bigint }) {
  const trpc = useTRPC();
  return useQuery(
    trpc.config.status.queryOptions(
      { limit, ...(revision !== undefined && { revision }) },
      { refetchInterval: POLL_MS },
    ),
  );
}

/**
 * "Applied on N of M nodes": overall, or for one revision (a save's result). Lagging nodes come with
 * the reason; domain administrators get counts only (the server sends them no node names).
 */
export function PropagationStatus({
  revision,
  limit,
  className = '',
}: {
  revision?: bigint;
  /** Recent revisions to fetch along (the settings page shares this request with its change list). */
  limit?: number;
  className?: string;
}) {
  const status = usePropagation({ limit, revision });
  const data = status.data;
  const frame = `rounded-md border px-4 py-2.5 text-sm ${className}`;

  if (!data) {
    return (
      <div data-testid="propagation-status" className={`${frame} border-border bg-card text-muted-foreground`}>
        {status.error ? `Propagation status unavailable: ${status.error.message}` : 'Checking propagation…'}
      </div>
    );
  }
  if (revision !== undefined && !data.revision) {
    return (
      <div data-testid="propagation-status" className={`${frame} border-border bg-card text-secondary-foreground`}>
        <span data-testid="propagation-revision">Revision {String(revision)}: status not available</span>
      </div>
    );
  }
  const progress = revision !== undefined && data.revision ? data.revision : data.overall;
  const done = progress.applied >= progress.total;
  return (
    <div
      role="status"
      data-testid="propagation-status"
      data-complete={done}
      className={`${frame} ${done ? 'border-success-border bg-success-soft text-success-strong' : 'border-warning-border bg-warning-soft text-warning-strong'}`}
    >
      <p className="flex items-center gap-2">
        <span aria-hidden className={`size-2 rounded-full ${done ? 'bg-success' : 'animate-pulse bg-warning'}`} />
        {revision !== undefined ? (
          <span data-testid="propagation-revision" className="font-medium">
            Revision {String(revision)}: {appliedText(progress, false)}
          </span>
        ) : (
          <span data-testid="propagation-overall" className="font-medium">
            {appliedText(progress, true)}
          </span>
        )}
      </p>
      <LaggingNodes progress={progress} />
      {data.leftOut.length > 0 && (
        <ul
          data-testid="propagation-left-out"
          aria-label="Left out of the configuration"
          className="mt-1 text-xs text-danger-strong"
        >
          {data.leftOut.map((note) => (
            <li key={note}>Some nodes {note}.</li>
          ))}
        </ul>
      )}
      {!data.collectorAlive && (
        <p className="mt-1 text-xs text-warning-strong">
          Node reports are not being collected right now; these figures may be out of date.
        </p>
      )}
    </div>
  );
}

export function appliedText(p: Pick<RevisionProgress, 'applied' | 'total'>, capital: boolean): string {
  const text = `applied on ${p.applied} of ${p.total} ${p.total === 1 ? 'node' : 'nodes'}`;
  return capital ? `A${text.slice(1)}` : text;
}

export function LaggingNodes({ progress }: { progress: RevisionProgress }) {
  const missing = progress.total - progress.applied;
  if (missing <= 0) return null;
  if (progress.lagging.length === 0) {
    // Counts only: the caller may not see node names.
    return (
      <p className="mt-1 text-xs">
        {missing} {missing === 1 ? 'node is' : 'nodes are'} still applying this change.
      </p>
    );
  }
  return (
    <ul data-testid="propagation-lagging" aria-label="Nodes not applied yet" className="mt-1.5 space-y-0.5 text-xs">
      {progress.lagging.map((n) => (
        <li key={n.id} data-node-name={n.name}>
          <span className="font-medium">{n.name}</span>: {n.reason ?? 'applying'}
        </li>
      ))}
      <MoreLagging progress={progress} />
    </ul>
  );
}

/** The server names the first lagging nodes of a revision (LAGGING_NAMED) and counts the rest. */
export function MoreLagging({ progress }: { progress: Pick<RevisionProgress, 'applied' | 'total' | 'lagging'> }) {
  const more = progress.total - progress.applied - progress.lagging.length;
  if (more <= 0) return null;
  return (
    <li data-testid="lagging-more">
      and {more} more {more === 1 ? 'node' : 'nodes'}
    </li>
  );
}
