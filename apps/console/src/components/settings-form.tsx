'use client';

import { useEffect, useId, useRef, useState, type FormEvent } from 'react';

import type { SettingDef } from '@cc/settings';

import type { EffectiveSettingRow } from './api-types';
import { errorCodeOf, fieldErrorsOf, summaryOf, type FormErrorLike } from './form-errors';
import { buttonClass } from './panel';
import { FamilyHeading, SettingRow, type Row } from './setting-row';
import { definitionOf, rawOf, toChanges, type Draft, type SettingChanges, type SettingsLevel } from './settings-values';

/**
 * Every effective setting of one level in a table: value, where it comes from, an editor per type,
 * "Reset to inherited" for overrides, and one Save for the changed keys. The caller's mutation sends
 * them with the version the data was loaded at; a CONFLICT answer gets a banner with Reload.
 */
export function SettingsForm({
  level,
  settings,
  editable,
  pending,
  error,
  onSave,
  onReload,
  testId = 'settings-form',
}: {
  level: SettingsLevel;
  settings: readonly EffectiveSettingRow[];
  /** Whether the user may change this setting here (read-only rows show the value as text). */
  editable: (def: SettingDef) => boolean;
  pending: boolean;
  error: FormErrorLike | null;
  /** Resolves once saved and the data reloaded; rejects on failure (shown through `error`). */
  onSave: (changes: SettingChanges) => Promise<unknown>;
  /** Refetch the current values and forget the failed save. */
  onReload: () => Promise<unknown>;
  testId?: string;
}) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>({});
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  // A server complaint about a key no longer applies once that key is edited again.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const [reloading, setReloading] = useState(false);

  const rows: Row[] = settings.flatMap((setting) => {
    const def = definitionOf(setting.key);
    return def ? [{ setting, def }] : [];
  });
  const families = [...new Set(rows.map((r) => r.def.family))];
  const anyEditable = rows.some((r) => editable(r.def));
  const conflict = errorCodeOf(error) === 'CONFLICT' ? error : null;
  const serverErrors = fieldErrorsOf(error);
  const summary = error && !conflict ? summaryOf(error, Object.keys(serverErrors).filter(isSettingField)) : null;
  const changed = Object.keys(draft).length;
  // Save sits below a long table: bring the conflict into view (and to screen readers) when it arrives.
  const conflictRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (conflict) conflictRef.current?.focus();
  }, [conflict]);

  function forgetErrors(key: string) {
    setEdited((keys) => new Set(keys).add(key));
    setLocalErrors(({ [key]: _, ...rest }) => rest);
  }
  function setValue(row: Row, raw: string | boolean) {
    const current = rawOf(row.def, row.setting.value);
    // Back to the saved value: nothing to save for this key.
    setDraft(({ [row.def.key]: _, ...rest }) => (raw === current ? rest : { ...rest, [row.def.key]: raw }));
    forgetErrors(row.def.key);
  }
  function resetToInherited(key: string) {
    setDraft((d) => ({ ...d, [key]: null }));
    forgetErrors(key);
  }
  function undo(key: string) {
    setDraft(({ [key]: _, ...rest }) => rest);
    forgetErrors(key);
  }
  function clear() {
    setDraft({});
    setLocalErrors({});
    setEdited(new Set());
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { changes, errors } = toChanges(draft);
    setLocalErrors(errors);
    setEdited(new Set());
    if (Object.keys(errors).length > 0 || Object.keys(changes).length === 0) return;
    try {
      await onSave(changes);
      clear();
    } catch {
      // Shown through `error`.
    }
  }

  async function reload() {
    setReloading(true);
    try {
      await onReload();
      clear();
    } finally {
      setReloading(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid={testId} className="space-y-3">
      {conflict && (
        <div
          ref={conflictRef}
          tabIndex={-1}
          role="alert"
          data-testid="settings-conflict"
          className="scroll-mt-4 rounded-md border-2 border-danger-border bg-danger-soft px-4 py-3 text-sm text-danger-strong focus:outline-none focus-visible:ring-2 focus-visible:ring-danger"
        >
          <p className="font-semibold">These settings were changed by someone else</p>
          <p className="mt-1">{conflict.message}</p>
          <button
            type="button"
            onClick={() => void reload()}
            disabled={reloading}
            className={`${buttonClass.primary} mt-2`}
          >
            {reloading ? 'Reloading…' : 'Reload'}
          </button>
        </div>
      )}

      <div className="overflow-x-auto">
        <table className="w-full min-w-[44rem] text-sm">
          <thead>
            <tr className="border-b border-border text-left text-xs text-muted-foreground">
              <th scope="col" className="w-[34%] py-1.5 pr-3 font-semibold">
                Setting
              </th>
              <th scope="col" className="py-1.5 pr-3 font-semibold">
                Value
              </th>
              <th scope="col" className="w-40 py-1.5 pr-3 font-semibold">
                Source
              </th>
              <th scope="col" className="w-36 py-1.5 font-semibold">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          {families.map((family) => (
            <tbody key={family}>
              {families.length > 1 && <FamilyHeading family={family} />}
              {rows
                .filter((r) => r.def.family === family)
                .map((row) => {
                  const key = row.def.key;
                  return (
                    <SettingRow
                      key={key}
                      id={`${id}-${key}`}
                      level={level}
                      row={row}
                      draft={key in draft ? draft[key] : undefined}
                      editable={editable(row.def)}
                      locked={anyEditable && !editable(row.def)}
                      error={
                        localErrors[key] ?? (edited.has(key) ? undefined : serverErrors[`changes.${key}`]?.join(' '))
                      }
                      onChange={(raw) => setValue(row, raw)}
                      onReset={() => resetToInherited(key)}
                      onUndo={() => undo(key)}
                    />
                  );
                })}
            </tbody>
          ))}
        </table>
      </div>

      {summary && (
        <p
          role="alert"
          className="rounded border border-danger-border bg-danger-soft px-3 py-2 text-sm text-danger-strong"
        >
          {summary}
        </p>
      )}
      {anyEditable && (
        <div className="flex flex-wrap items-center gap-3 border-t border-border pt-3">
          <span data-testid="unsaved-count" className="text-xs text-muted-foreground">
            {changed === 0 ? 'No unsaved changes' : `${changed} unsaved ${changed === 1 ? 'change' : 'changes'}`}
          </span>
          {conflict && (
            <span className="text-xs font-medium text-danger-strong">Not saved: see the message above.</span>
          )}
          <div className="ml-auto flex gap-2">
            <button type="button" onClick={clear} disabled={changed === 0 || pending} className={buttonClass.quiet}>
              Discard
            </button>
            <button
              type="submit"
              disabled={changed === 0 || pending}
              aria-busy={pending}
              className={buttonClass.primary}
            >
              {pending ? 'Saving…' : 'Save changes'}
            </button>
          </div>
        </div>
      )}
    </form>
  );
}

function isSettingField(field: string): boolean {
  return field.startsWith('changes.');
}
