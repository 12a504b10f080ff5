'use client';

import type { ReleaseRow } from '~/components/api-types';
import { useFormat } from '@cc/ui';

/**
 * Step 1: the versions the server says can be reached from what the nodes run now, newest first;
 * the rest listed below with the reason they are not offered.
 */
export function ReleasePicker({
  releases,
  value,
  onChange,
}: {
  releases: ReleaseRow[];
  value: string | null;
  onChange: (version: string) => void;
}) {
  const offered = releases.filter((r) => r.reachable);
  const others = releases.filter((r) => !r.reachable);
  return (
    <div className="space-y-4">
      <fieldset className="space-y-2">
        <legend className="sr-only">Target version</legend>
        {offered.length === 0 && (
          <p className="text-sm text-secondary-foreground" data-testid="no-release">
            No version in the catalog can be reached from the versions the nodes run now.
          </p>
        )}
        {offered.map((r) => (
          <label
            key={r.version}
            data-testid="release-option"
            data-version={r.version}
            className={`block cursor-pointer rounded-md border px-4 py-3 text-sm ${value === r.version ? 'border-primary bg-primary-soft' : 'border-border bg-card'}`}
          >
            <div className="flex flex-wrap items-center gap-2">
              <input
                type="radio"
                name="version"
                value={r.version}
                checked={value === r.version}
                onChange={() => onChange(r.version)}
              />
              <ReleaseHead release={r} />
              <span className="ml-auto text-xs text-secondary-foreground">
                {r.needing} node{r.needing === 1 ? '' : 's'} to upgrade
              </span>
            </div>
            <ReleaseNotes release={r} />
          </label>
        ))}
      </fieldset>
      {others.length > 0 && (
        <details className="text-sm" data-testid="releases-not-offered">
          <summary className="cursor-pointer text-secondary-foreground">
            {others.length} version{others.length === 1 ? '' : 's'} not offered
          </summary>
          <ul className="mt-2 space-y-2">
            {others.map((r) => (
              <li
                key={r.version}
                data-testid="release-unreachable"
                data-version={r.version}
                className="rounded-md border border-border bg-muted/60 px-4 py-3"
              >
                <div className="flex flex-wrap items-center gap-2">
                  <ReleaseHead release={r} />
                  <span className="ml-auto text-xs text-secondary-foreground">{r.reason}</span>
                </div>
                <ReleaseNotes release={r} />
                {r.blocked.length > 0 && (
                  <ul className="mt-1 text-xs text-danger-strong" data-testid="release-blocked">
                    {r.blocked.map((b) => (
                      <li key={b}>{b}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function ReleaseHead({ release: r }: { release: ReleaseRow }) {
  const fmt = useFormat();
  return (
    <>
      <span className="font-semibold">{r.version}</span>
      <span className="text-xs text-muted-foreground">released {fmt.dateTime(r.releasedAt)}</span>
    </>
  );
}

function ReleaseNotes({ release: r }: { release: ReleaseRow }) {
  return (
    <>
      <p className="mt-1 text-secondary-foreground">{r.notes}</p>
      <ul className="mt-1 list-inside list-disc text-xs text-secondary-foreground">
        {r.minFromVersion && <li>Only from {r.minFromVersion} or later.</li>}
        {r.frontendsAfterBackends && <li>Every backend before any frontend.</li>}
        {r.maxMixedHours !== null && <li>Mixed versions for at most {r.maxMixedHours} h.</li>}
      </ul>
    </>
  );
}
