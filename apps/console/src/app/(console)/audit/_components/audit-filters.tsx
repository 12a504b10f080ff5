'use client';

import { useId, useState, type FormEvent, type ReactNode } from 'react';

import { inputBaseClass } from '~/components/form-errors';
import { buttonClass } from '~/components/panel';

import {
  EMPTY_FILTER,
  isoToLocal,
  localToIso,
  OUTCOMES,
  TARGET_TYPES,
  type FilterKey,
  type FilterState,
} from './filter-state';

/** The filter bar: edits a draft, applied on submit (one query per decision, not per keystroke). */
export function AuditFilters({ applied, onApply }: { applied: FilterState; onApply: (f: FilterState) => void }) {
  const id = useId();
  const [draft, setDraft] = useState<FilterState>(() => ({
    ...applied,
    from: isoToLocal(applied.from),
    to: isoToLocal(applied.to),
  }));
  const set = (key: FilterKey) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    onApply({ ...draft, from: localToIso(draft.from), to: localToIso(draft.to) });
  }

  const text = (key: FilterKey, label: string, placeholder: string, width = 'w-48') => (
    <Labelled id={`${id}-${key}`} label={label}>
      <input
        id={`${id}-${key}`}
        value={draft[key]}
        onChange={set(key)}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        maxLength={320}
        className={`${width} ${inputBaseClass}`}
      />
    </Labelled>
  );

  return (
    <form
      onSubmit={submit}
      role="search"
      aria-label="Filter the audit log"
      className="flex flex-wrap items-end gap-3 rounded-md border border-border bg-card p-3"
    >
      {text('q', 'Search', 'Any text, also in values', 'w-56')}
      {text('actor', 'Actor', 'name@example.com')}
      {text('action', 'Action', 'e.g. node. or domains.create', 'w-52')}
      <Labelled id={`${id}-targetType`} label="Target type">
        <select
          id={`${id}-targetType`}
          value={draft.targetType}
          onChange={set('targetType')}
          className={inputBaseClass}
        >
          <option value="">Any</option>
          {TARGET_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </Labelled>
      {text('target', 'Target', 'id or name')}
      {text('domain', 'Domain', 'example.com', 'w-40')}
      <Labelled id={`${id}-outcome`} label="Outcome">
        <select id={`${id}-outcome`} value={draft.outcome} onChange={set('outcome')} className={inputBaseClass}>
          <option value="">Any</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {o.toLowerCase()}
            </option>
          ))}
        </select>
      </Labelled>
      <Labelled id={`${id}-from`} label="From">
        <input
          id={`${id}-from`}
          type="datetime-local"
          value={draft.from}
          onChange={set('from')}
          className={inputBaseClass}
        />
      </Labelled>
      <Labelled id={`${id}-to`} label="To">
        <input id={`${id}-to`} type="datetime-local" value={draft.to} onChange={set('to')} className={inputBaseClass} />
      </Labelled>
      <div className="flex gap-2">
        <button type="submit" className={buttonClass.primary}>
          Apply filters
        </button>
        <button
          type="button"
          className={buttonClass.quiet}
          onClick={() => {
            setDraft(EMPTY_FILTER);
            onApply(EMPTY_FILTER);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}

function Labelled({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-secondary-foreground">
        {label}
      </label>
      {children}
    </div>
  );
}
