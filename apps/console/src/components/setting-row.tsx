'use client';

import { FAMILY_LABELS, type Family, type SettingDef, type SettingSource } from '@cc/settings';

import type { EffectiveSettingRow } from './api-types';
import { NotEnforcedNote } from './not-enforced';
import { SettingControl } from './setting-control';
import { formatSettingValue, isOwnSource, rawOf, sourceLabel, type SettingsLevel } from './settings-values';
import { useFormat } from '@cc/ui';

export interface Row {
  setting: EffectiveSettingRow;
  def: SettingDef;
}

export function FamilyHeading({ family }: { family: Family }) {
  return (
    <tr>
      <th
        scope="colgroup"
        colSpan={4}
        className="bg-muted/60 px-2 py-1.5 text-left text-[11px] font-semibold uppercase tracking-wide text-muted-foreground"
      >
        {FAMILY_LABELS[family]}
      </th>
    </tr>
  );
}

export function SettingRow({
  id,
  level,
  row: { setting, def },
  draft,
  editable,
  locked,
  error,
  onChange,
  onReset,
  onUndo,
}: {
  id: string;
  level: SettingsLevel;
  row: Row;
  /** undefined: unchanged; null: reset to inherited; otherwise the control's new value. */
  draft: string | boolean | null | undefined;
  editable: boolean;
  /** Others are editable but not this one: say why. */
  locked: boolean;
  error: string | undefined;
  onChange: (raw: string | boolean) => void;
  onReset: () => void;
  onUndo: () => void;
}) {
  const fmt = useFormat();
  const shown =
    draft === undefined ? rawOf(def, setting.value) : draft === null ? rawOf(def, setting.inherited.value) : draft;
  const inherited = `${formatSettingValue(fmt, def, setting.inherited.value)} (${sourceLabel(level, setting.inherited.source)})`;
  const describedBy = [`${id}-desc`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <tr
      data-testid="setting-row"
      data-key={def.key}
      data-pending={draft === undefined ? undefined : draft === null ? 'reset' : 'changed'}
      className={`border-b border-border align-top ${draft !== undefined ? 'bg-warning-soft/70' : ''}`}
    >
      <th scope="row" className="py-2 pr-3 text-left font-normal">
        {editable ? (
          <label id={`${id}-label`} htmlFor={id} className="font-medium text-foreground">
            {def.label}
          </label>
        ) : (
          <span id={`${id}-label`} className="font-medium text-foreground">
            {def.label}
          </span>
        )}
        <p id={`${id}-desc`} className="text-xs text-muted-foreground">
          {def.description}
        </p>
      </th>
      <td className="py-2 pr-3">
        {editable ? (
          <SettingControl
            id={id}
            def={def}
            value={shown}
            onChange={onChange}
            describedBy={describedBy}
            invalid={Boolean(error)}
          />
        ) : (
          <span data-testid="setting-value">{formatSettingValue(fmt, def, setting.value)}</span>
        )}
        <NotEnforcedNote def={def} />
        {locked && (
          <p data-testid="setting-locked" className="mt-0.5 text-xs text-muted-foreground">
            Read-only: server administrators only
          </p>
        )}
        {draft === null && <p className="mt-0.5 text-xs text-warning-strong">Will inherit {inherited} when saved</p>}
        {draft !== undefined && draft !== null && <p className="mt-0.5 text-xs text-warning-strong">Not saved yet</p>}
        {error && (
          <p
            id={`${id}-error`}
            data-testid={`field-error-changes.${def.key}`}
            className="mt-1 text-xs text-danger-strong"
          >
            {error}
          </p>
        )}
      </td>
      <td className="py-2 pr-3">
        <SourceBadge level={level} source={setting.source} />
      </td>
      <td className="py-2 text-right">
        {/* Named by their text, described by the setting: a name holding the label would make the
            button match "get by label" for the setting as well as its control. */}
        {editable && draft !== undefined && (
          <button
            type="button"
            onClick={onUndo}
            aria-describedby={`${id}-label`}
            className="rounded px-2 py-1 text-xs font-medium text-secondary-foreground hover:bg-muted"
          >
            Undo
          </button>
        )}
        {editable && draft === undefined && setting.own !== undefined && (
          <button
            type="button"
            onClick={onReset}
            aria-describedby={`${id}-label`}
            title={`Inherit ${inherited}`}
            className="rounded border border-input bg-card px-2 py-1 text-xs font-medium text-secondary-foreground hover:bg-muted/60"
          >
            Reset to inherited
          </button>
        )}
      </td>
    </tr>
  );
}

const OTHER_SOURCE_STYLE: Record<SettingSource, string> = {
  account: 'border-info-border bg-info-soft text-info-strong',
  domain: 'border-violet-500/30 bg-violet-500/10 text-violet-800 dark:text-violet-300',
  cluster: 'border-input bg-muted text-secondary-foreground',
  'built-in': 'border-dashed border-input bg-card text-muted-foreground',
};

/** Where a value comes from; set at this level reads differently from anything inherited. */
export function SourceBadge({ level, source }: { level: SettingsLevel; source: SettingSource }) {
  const own = isOwnSource(level, source);
  return (
    <span
      data-testid="setting-source"
      data-source={source}
      className={`inline-block whitespace-nowrap rounded border px-1.5 py-px text-xs font-medium ${own ? 'border-primary/40 bg-info-soft text-primary' : OTHER_SOURCE_STYLE[source]}`}
    >
      {sourceLabel(level, source)}
    </span>
  );
}
