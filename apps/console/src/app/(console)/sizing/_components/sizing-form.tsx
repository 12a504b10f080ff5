'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect } from 'react';
import { useForm, type FieldError } from 'react-hook-form';

import { ZSizingInput, type TSizingInput } from '@cc/sizing';

import { Field, inputClass } from '~/components/form-errors';

type NumberField = Exclude<keyof TSizingInput, 'highAvailability'>;

const MIX_FIELDS = [
  { name: 'imapPercent', label: 'IMAP %' },
  { name: 'popPercent', label: 'POP %' },
  { name: 'webUserPercent', label: 'WebUser %' },
  { name: 'smtpPercent', label: 'SMTP %' },
] as const satisfies readonly { name: NumberField; label: string }[];

/**
 * The planner's inputs, on the sizing schema through react-hook-form: a field's message is the
 * schema's own. Every change is reported up (the plan follows each keystroke, no submit); an empty
 * number stays NaN, so the schema says "Enter …" rather than planning for zero.
 */
export function SizingForm({
  defaultValues,
  resetTo,
  onChange,
}: {
  defaultValues: TSizingInput;
  resetTo: { label: string; input: TSizingInput };
  onChange: (next: TSizingInput) => void;
}) {
  const form = useForm<TSizingInput>({ defaultValues, resolver: zodResolver(ZSizingInput), mode: 'onChange' });
  const { register, watch, trigger, reset } = form;
  // 'mix' is no field of its own: the schema's check of the four shares together.
  const errors = form.formState.errors as Partial<Record<NumberField | 'mix', FieldError>>;

  useEffect(() => {
    // Validate the whole form on each change: cross-field rules (mix, largest domain) follow any field.
    void trigger();
    // react-hook-form's watch() is a subscription here, outside render: nothing for the compiler to memoise.
    // eslint-disable-next-line react-hooks/incompatible-library
    const sub = watch((values) => {
      onChange(values as TSizingInput);
      void trigger();
    });
    return () => sub.unsubscribe();
  }, [watch, trigger, onChange]);

  const messages = (name: NumberField | 'mix') => (errors[name]?.message ? [errors[name].message] : undefined);
  const numberInput = (name: NumberField, label: string, props: { step?: string; max?: number } = {}) => (
    <Field key={name} id={`sizing-${name}`} name={name} label={label} errors={messages(name)}>
      <input
        id={`sizing-${name}`}
        type="number"
        inputMode="decimal"
        min={0}
        step={props.step ?? '1'}
        max={props.max}
        {...register(name, { valueAsNumber: true })}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `sizing-${name}-error` : undefined}
        className={`${inputClass} tabular-nums`}
      />
    </Field>
  );
  const mix = watch(MIX_FIELDS.map((f) => f.name));
  const mixTotal = mix.reduce((sum, v) => sum + (Number.isFinite(v) ? v : 0), 0);
  // The schema checks the total only once every field parses; show a wrong total straight away.
  const mixOff = Math.abs(mixTotal - 100) > 0.01;
  const mixError = messages('mix');

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
          <input type="checkbox" {...register('highAvailability')} className="size-4 accent-primary" />
          High availability
        </label>
        {numberInput('growthPercentPerYear', 'Growth per year %', { step: 'any', max: 100 })}
        {numberInput('horizonYears', 'Planning horizon (years)', { max: 10 })}
      </fieldset>

      <button
        type="button"
        onClick={() => {
          reset(resetTo.input);
          onChange(resetTo.input);
        }}
        className="text-xs font-medium text-primary hover:underline"
      >
        {resetTo.label}
      </button>
    </form>
  );
}
