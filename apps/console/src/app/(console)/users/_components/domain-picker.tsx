'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';

import { inputClass } from '~/components/form-errors';
import { useDebouncedValue } from '~/components/use-debounced-value';
import { useTRPC } from '~/trpc/react';

const SHOWN = 200;

/**
 * The domains a domain administrator manages: chosen ones as removable chips, the rest as checkboxes
 * filtered by name (a cluster may have thousands, so only a searched page is listed).
 */
export function DomainPicker({
  value,
  onChange,
  errors,
}: {
  value: string[];
  onChange: (domains: string[]) => void;
  errors: string[] | undefined;
}) {
  const trpc = useTRPC();
  const id = useId();
  const [filterText, setFilterText] = useState('');
  const search = useDebouncedValue(filterText.trim(), 250);
  const list = useQuery(
    trpc.domains.list.queryOptions(
      { search: search || undefined, limit: SHOWN },
      { placeholderData: keepPreviousData },
    ),
  );
  const names = list.data?.items.map((d) => d.name) ?? [];
  const toggle = (name: string, on: boolean) =>
    onChange(on ? [...value, name].sort() : value.filter((n) => n !== name));

  return (
    <fieldset aria-describedby={errors ? `${id}-error` : `${id}-hint`} className="space-y-2">
      <legend className="text-sm font-medium text-foreground">Domains</legend>
      {value.length > 0 ? (
        <ul aria-label="Chosen domains" className="flex flex-wrap gap-1.5">
          {value.map((name) => (
            <li
              key={name}
              data-testid="chosen-domain"
              className="flex items-center gap-1 rounded border border-primary/30 bg-primary/5 py-0.5 pr-0.5 pl-2 text-xs"
            >
              {name}
              <button
                type="button"
                onClick={() => toggle(name, false)}
                aria-label={`Remove ${name}`}
                className="rounded px-1 text-muted-foreground hover:bg-muted hover:text-foreground"
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-xs text-muted-foreground">None chosen yet.</p>
      )}
      <input
        type="search"
        value={filterText}
        onChange={(e) => setFilterText(e.target.value)}
        placeholder="Filter domains…"
        aria-label="Filter domains"
        maxLength={253}
        className={inputClass}
      />
      <div className="max-h-40 overflow-y-auto rounded border border-border px-2.5 py-1.5 text-sm">
        {list.error ? (
          <p role="alert" className="text-danger-strong">
            Could not load domains: {list.error.message}
          </p>
        ) : !list.data ? (
          <p className="text-muted-foreground">Loading domains…</p>
        ) : names.length === 0 ? (
          <p className="text-muted-foreground">No domains match.</p>
        ) : (
          names.map((name) => (
            <label key={name} className="flex items-center gap-2 py-0.5">
              <input type="checkbox" checked={value.includes(name)} onChange={(e) => toggle(name, e.target.checked)} />
              {name}
            </label>
          ))
        )}
      </div>
      {errors ? (
        <p id={`${id}-error`} data-testid="field-error-domains" className="text-xs text-danger-strong">
          {errors.join(' ')}
        </p>
      ) : (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {list.data?.nextCursor
            ? `Showing the first ${SHOWN} matches; type to narrow the list.`
            : 'They see and manage only these domains.'}
        </p>
      )}
    </fieldset>
  );
}
