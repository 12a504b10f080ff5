'use client';

import { FAMILY_LABELS, type Family, type SettingDef, type SettingSource } from '@cc/settings';

import type { EffectiveSettingRow } from './api-types';
import { NotEnforcedNote } from './not-enforced';
import { SettingControl } from './setting-control';
import { formatSettingValue, isOwnSource, rawOf, sourceLabel, type SettingsLevel } from './settings-values';

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
        className="bg-slate-50 px-2 py-1.5 text-left text-[11px] font-semibold uppercase tracking-wide text-slate-500"
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
  const shown =
    draft === undefined ? rawOf(def, setting.value) : draft === null ? rawOf(def, setting.inherited.value) : draft;
  const inherited = `${formatSettingValue(def, setting.inherited.value)} (${sourceLabel(level, setting.inherited.source)})`;
  const describedBy = [`${id}-desc`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <tr
      data-testid="setting-row"
      data-key={def.key}
      data-pending={draft === undefined ? undefined : draft === null ? 'reset' : 'changed'}
      className={`border-b border-slate-100 align-top ${draft !== undefined ? 'bg-amber-50/70' : ''}`}
    >
      <th scope="row" className="py-2 pr-3 text-left font-normal">
        {editable ? (
          <label id={`${id}-label`} htmlFor={id} className="font-medium text-slate-900">
            {def.label}
          </label>
        ) : (
          <span id={`${id}-label`} className="font-medium text-slate-900">
            {def.label}
          </span>
        )}
        <p id={`${id}-desc`} className="text-xs text-slate-500">
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
          <span data-testid="setting-value">{formatSettingValue(def, setting.value)}</span>
        )}
        <NotEnforcedNote def={def} />
        {locked && (
          <p data-testid="setting-locked" className="mt-0.5 text-xs text-slate-500">
            Read-only: server administrators only
          </p>
        )}
        {draft === null && <p className="mt-0.5 text-xs text-amber-800">Will inherit {inherited} when saved</p>}
        {draft !== undefined && draft !== null && <p className="mt-0.5 text-xs text-amber-800">Not saved yet</p>}
        {error && (
          <p id={`${id}-error`} data-testid={`field-error-changes.${def.key}`} className="mt-1 text-xs text-red-700">
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
            className="rounded px-2 py-1 text-xs font-medium text-slate-600 hover:bg-slate-100"
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
            className="rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50"
          >
            Reset to inherited
          </button>
        )}
      </td>
    </tr>
  );
}

const OTHER_SOURCE_STYLE: Record<SettingSource, string> = {
  account: 'border-blue-200 bg-blue-50 text-blue-800',
  domain: 'border-violet-200 bg-violet-50 text-violet-800',
  cluster: 'border-slate-300 bg-slate-100 text-slate-700',
  'built-in': 'border-dashed border-slate-300 bg-white text-slate-500',
};

/** Where a value comes from; set at this level reads differently from anything inherited. */
export function SourceBadge({ level, source }: { level: SettingsLevel; source: SettingSource }) {
  const own = isOwnSource(level, source);
  return (
    <span
      data-testid="setting-source"
      data-source={source}
      className={`inline-block whitespace-nowrap rounded border px-1.5 py-px text-xs font-medium ${own ? 'border-brand-600/40 bg-blue-50 text-brand-700' : OTHER_SOURCE_STYLE[source]}`}
    >
      {sourceLabel(level, source)}
    </span>
  );
}
