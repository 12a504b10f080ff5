'use client';

import type { ReleaseRow } from '~/components/api-types';
import { formatDateTime } from '~/components/format';

/** Step 1: the catalog, newest first, with what each version means for this cluster. */
export function ReleasePicker({
  releases,
  value,
  onChange,
}: {
  releases: ReleaseRow[];
  value: string | null;
  onChange: (version: string) => void;
}) {
  return (
    <fieldset className="space-y-2">
      <legend className="sr-only">Target version</legend>
      {releases.map((r) => {
        const disabled = r.needing === 0;
        return (
          <label
            key={r.version}
            data-testid="release-option"
            data-version={r.version}
            className={`block rounded-md border px-4 py-3 text-sm ${value === r.version ? 'border-brand-500 bg-brand-50' : 'border-slate-200 bg-white'} ${disabled ? 'opacity-60' : 'cursor-pointer'}`}
          >
            <div className="flex flex-wrap items-center gap-2">
              <input
                type="radio"
                name="version"
                value={r.version}
                checked={value === r.version}
                disabled={disabled}
                onChange={() => onChange(r.version)}
              />
              <span className="font-semibold">{r.version}</span>
              <span className="text-xs text-slate-500">released {formatDateTime(r.releasedAt)}</span>
              <span className="ml-auto text-xs text-slate-600">
                {disabled ? 'every node runs it or later' : `${r.needing} node${r.needing === 1 ? '' : 's'} to upgrade`}
              </span>
            </div>
            <p className="mt-1 text-slate-700">{r.notes}</p>
            <ul className="mt-1 list-inside list-disc text-xs text-slate-600">
              {r.minFromVersion && <li>Only from {r.minFromVersion} or later.</li>}
              {r.frontendsAfterBackends && <li>Every backend before any frontend.</li>}
              {r.maxMixedHours !== null && <li>Mixed versions for at most {r.maxMixedHours} h.</li>}
            </ul>
            {r.blocked.length > 0 && (
              <ul className="mt-1 text-xs text-red-700" data-testid="release-blocked">
                {r.blocked.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ul>
            )}
          </label>
        );
      })}
    </fieldset>
  );
}
