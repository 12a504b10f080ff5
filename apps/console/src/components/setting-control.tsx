'use client';

import type { SettingDef } from '@cc/settings';

import { inputBaseClass } from './form-errors';
import { useTimeZones } from './use-time-zones';
import { useFormat } from '@cc/ui';

/** The input for one setting, chosen by its type. Integers stay strings while typed. */
export function SettingControl({
  id,
  def,
  value,
  onChange,
  describedBy,
  invalid,
}: {
  id: string;
  def: SettingDef;
  value: string | boolean;
  onChange: (value: string | boolean) => void;
  describedBy?: string;
  invalid: boolean;
}) {
  const fmt = useFormat();
  const common = { id, 'aria-describedby': describedBy, 'aria-invalid': invalid || undefined };
  const t = def.type;
  switch (t.kind) {
    case 'boolean':
      return (
        <span className="inline-flex items-center gap-2">
          <input
            {...common}
            type="checkbox"
            checked={value === true}
            onChange={(e) => onChange(e.target.checked)}
            className="size-4 accent-primary"
          />
          <span aria-hidden className="text-secondary-foreground">
            {value === true ? 'On' : 'Off'}
          </span>
        </span>
      );
    case 'integer':
      return (
        <span className="inline-flex flex-wrap items-center gap-2">
          <input
            {...common}
            type="number"
            inputMode="numeric"
            min={t.min}
            max={t.max}
            step={1}
            value={String(value)}
            onChange={(e) => onChange(e.target.value)}
            className={`${inputBaseClass} w-36 tabular-nums`}
          />
          {t.unit && <span className="text-secondary-foreground">{t.unit}</span>}
          <span className="text-xs text-muted-foreground">
            {fmt.integer(t.min)}–{fmt.integer(t.max)}
            {t.zeroMeans && `; 0 = ${t.zeroMeans}`}
          </span>
        </span>
      );
    case 'enum':
      return (
        <select
          {...common}
          value={String(value)}
          onChange={(e) => onChange(e.target.value)}
          className={`${inputBaseClass} w-48`}
        >
          {t.values.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      );
    case 'string':
      return (
        <input
          {...common}
          type="text"
          inputMode={t.format === 'email' ? 'email' : undefined}
          maxLength={t.maxLength}
          value={String(value)}
          onChange={(e) => onChange(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          className={`${inputBaseClass} w-full max-w-sm`}
        />
      );
    case 'timezone':
      return (
        <>
          <input
            {...common}
            type="text"
            list={`${id}-zones`}
            value={String(value)}
            onChange={(e) => onChange(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            placeholder="Europe/Berlin"
            className={`${inputBaseClass} w-full max-w-sm`}
          />
          <TimeZoneOptions id={`${id}-zones`} />
        </>
      );
  }
}

function TimeZoneOptions({ id }: { id: string }) {
  const list = useTimeZones();
  return (
    <datalist id={id}>
      {list.map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  );
}
