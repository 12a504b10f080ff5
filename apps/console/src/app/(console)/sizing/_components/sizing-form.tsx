'use client';

import type { ChangeEvent } from 'react';

import { DEFAULT_SIZING_INPUT, type TSizingInput } from '@cc/sizing';

import { Field, inputClass } from '~/components/form-errors';

type NumberField = Exclude<keyof TSizingInput, 'highAvailability'>;

/** What the inputs hold: text as typed, so a half-typed or empty number is an error, not a zero. */
export type SizingFormValues = Record<NumberField, string> & { highAvailability: boolean };

const MIX_FIELDS = [
  { name: 'imapPercent', label: 'IMAP %' },
  { name: 'popPercent', label: 'POP %' },
  { name: 'webUserPercent', label: 'WebUser %' },
  { name: 'smtpPercent', label: 'SMTP %' },
] as const satisfies readonly { name: NumberField; label: string }[];

export function defaultFormValues(): SizingFormValues {
  const d = DEFAULT_SIZING_INPUT;
  const text = (n: number) => String(n);
  return {
    accounts: text(d.accounts),
    largestDomainAccounts: text(d.largestDomainAccounts),
    sessions: text(d.sessions),
    imapPercent: text(d.imapPercent),
    popPercent: text(d.popPercent),
    webUserPercent: text(d.webUserPercent),
    smtpPercent: text(d.smtpPercent),
    highAvailability: d.highAvailability,
    growthPercentPerYear: text(d.growthPercentPerYear),
    horizonYears: text(d.horizonYears),
  };
}

/** Empty text becomes undefined so the schema reports "Enter …" rather than planning for zero. */
export function toSizingInput(v: SizingFormValues): Record<keyof TSizingInput, unknown> {
  const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
  return {
    accounts: num(v.accounts),
    largestDomainAccounts: num(v.largestDomainAccounts),
    sessions: num(v.sessions),
    imapPercent: num(v.imapPercent),
    popPercent: num(v.popPercent),
    webUserPercent: num(v.webUserPercent),
    smtpPercent: num(v.smtpPercent),
    highAvailability: v.highAvailability,
    growthPercentPerYear: num(v.growthPercentPerYear),
    horizonYears: num(v.horizonYears),
  };
}

export function SizingForm({
  values,
  errors,
  onChange,
}: {
  values: SizingFormValues;
  errors: Record<string, string[]>;
  onChange: (next: SizingFormValues) => void;
}) {
  const set = (name: NumberField) => (e: ChangeEvent<HTMLInputElement>) =>
    onChange({ ...values, [name]: e.target.value });
  const numberInput = (name: NumberField, label: string, props: { step?: string; max?: number } = {}) => (
    <Field key={name} id={`sizing-${name}`} name={name} label={label} errors={errors[name]}>
      <input
        id={`sizing-${name}`}
        name={name}
        type="number"
        inputMode="decimal"
        min={0}
        step={props.step ?? '1'}
        max={props.max}
        value={values[name]}
        onChange={set(name)}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `sizing-${name}-error` : undefined}
        className={`${inputClass} tabular-nums`}
      />
    </Field>
  );
  const mixTotal = MIX_FIELDS.reduce((sum, f) => sum + (Number(values[f.name]) || 0), 0);
  // The schema checks the total only once every field parses; show a wrong total straight away.
  const mixOff = Math.abs(mixTotal - 100) > 0.01;
  const mixError = errors.mix;

  return (
    <form
      aria-label="Sizing inputs"
      noValidate
      // Results follow every keystroke; Enter must not reload the page.
      onSubmit={(e) => e.preventDefault()}
      className="space-y-4 rounded-md border border-border bg-card p-4"
    >
      <fieldset className="space-y-3">
        <legend className="mb-1 text-[11px] font-medium uppercase tracking-wide text-muted-foreground">Site</legend>
        {numberInput('accounts', 'Accounts')}
        {numberInput('largestDomainAccounts', 'Largest domain (accounts)')}
        {numberInput('sessions', 'Concurrent sessions')}
      </fieldset>

      <fieldset aria-describedby={mixError ? 'sizing-mix-error' : undefined}>
        <legend className="mb-1 text-[11px] font-medium uppercase tracking-wide text-muted-foreground">
          Session mix
        </legend>
        <div className="grid grid-cols-2 gap-3">
          {MIX_FIELDS.map((f) => numberInput(f.name, f.label, { step: 'any', max: 100 }))}
        </div>
        <p
          id="sizing-mix-error"
          data-testid={mixError ? 'field-error-mix' : undefined}
          className={`mt-1.5 text-xs tabular-nums ${mixError || mixOff ? 'text-danger-strong' : 'text-muted-foreground'}`}
        >
          {mixError
            ? mixError.join(' ')
            : `Total ${Math.round(mixTotal * 100) / 100} %${mixOff ? ' (must be 100 %)' : ''}`}
        </p>
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="mb-1 text-[11px] font-medium uppercase tracking-wide text-muted-foreground">
          Availability and growth
        </legend>
        <label className="flex items-center gap-2 text-sm font-medium text-foreground">
          <input
            type="checkbox"
            name="highAvailability"
            checked={values.highAvailability}
            onChange={(e) => onChange({ ...values, highAvailability: e.target.checked })}
            className="size-4 accent-primary"
          />
          High availability
        </label>
        {numberInput('growthPercentPerYear', 'Growth per year %', { step: 'any', max: 100 })}
        {numberInput('horizonYears', 'Planning horizon (years)', { max: 10 })}
      </fieldset>

      <button
        type="button"
        onClick={() => onChange(defaultFormValues())}
        className="text-xs font-medium text-primary hover:underline"
      >
        Reset to defaults
      </button>
    </form>
  );
}
