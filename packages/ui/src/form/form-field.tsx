'use client';

import { useId, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import {
  get,
  useFormContext,
  useFormState,
  type Control,
  type FieldValues,
  type Path,
  type RegisterOptions,
  type UseFormRegisterReturn,
} from 'react-hook-form';

import { Button } from '../button';
import { cn } from '../cn';

/** Border, padding and focus ring without a width, for controls that size themselves. */
export const inputBaseClass =
  'rounded border border-input bg-card px-2.5 py-1.5 text-sm shadow-xs focus:border-primary focus:outline-none focus:ring-2 focus:ring-primary/20 aria-invalid:border-danger';

export const inputClass = `w-full ${inputBaseClass}`;

/** What a field's control needs: its id, the link to its message, and react-hook-form's registration. */
export type FieldControlProps = UseFormRegisterReturn & {
  id: string;
  className: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
};

/** A field's first message: its own, or (for arrays and objects) that of its first part. */
function messageOf(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const own = (error as { message?: unknown }).message;
  if (typeof own === 'string' && own) return own;
  for (const part of Object.values(error)) {
    const m = part && typeof part === 'object' && 'message' in part ? messageOf(part) : undefined;
    if (m) return m;
  }
  return undefined;
}

/** The field's current message and the ids that tie its control to it. */
export function useFieldError<In extends FieldValues, Out>(
  name: string,
  id: string,
  control?: Control<In, unknown, Out>,
) {
  // `control` for use outside <Form> (the component that owns the form).
  const { errors } = useFormState({ name: name as Path<In>, ...(control && { control }) });
  const error = messageOf(get(errors, name));
  const errorId = `${id}-error`;
  return {
    error,
    errorId,
    aria: error ? { 'aria-invalid': true as const, 'aria-describedby': errorId } : {},
  };
}

export interface FormFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id' | 'children'> {
  name: string;
  label: ReactNode;
  /** A hint under the control, hidden while there is an error. */
  description?: ReactNode;
  /** react-hook-form options (valueAsNumber, setValueAs …). */
  rules?: RegisterOptions;
  /** Render a control other than a text input (select, textarea, a custom picker). */
  children?: (control: FieldControlProps) => ReactNode;
  className?: string;
  /** Field id; generated when left out. */
  id?: string;
}

/** Label, control, hint and the field's error underneath, linked with aria-describedby / aria-invalid. */
export function FormField({ name, label, description, rules, children, className, id, ...inputProps }: FormFieldProps) {
  const generated = useId();
  const fieldId = id ?? `${generated}-${name}`;
  const { register } = useFormContext();
  const { error, errorId, aria } = useFieldError(name, fieldId);
  const control: FieldControlProps = { ...register(name, rules), id: fieldId, className: inputClass, ...aria };
  return (
    <div className={className}>
      <label htmlFor={fieldId} className="block text-sm font-medium text-foreground">
        {label}
      </label>
      <div className="mt-1">{children ? children(control) : <input {...inputProps} {...control} />}</div>
      <FieldMessage name={name} errorId={errorId} error={error} description={description} />
    </div>
  );
}

/** The hint, or the error in its place (with the id the control points at). */
export function FieldMessage({
  name,
  errorId,
  error,
  description,
}: {
  name: string;
  errorId: string;
  error: string | undefined;
  description?: ReactNode;
}) {
  if (error) {
    return (
      <p id={errorId} data-testid={`field-error-${name}`} className="mt-1 text-xs text-danger-strong">
        {error}
      </p>
    );
  }
  return description ? <p className="mt-1 text-xs text-muted-foreground">{description}</p> : null;
}

/** A password input with a Show / Hide toggle (the toggle's name is not "password", so labels stay unique). */
export function PasswordField({
  autoComplete = 'current-password',
  ...props
}: Omit<FormFieldProps, 'children' | 'type'>) {
  const [shown, setShown] = useState(false);
  return (
    <FormField {...props}>
      {(control) => (
        <div className="flex gap-1.5">
          <input
            {...control}
            type={shown ? 'text' : 'password'}
            autoComplete={autoComplete}
            maxLength={props.maxLength}
            autoFocus={props.autoFocus}
            spellCheck={false}
          />
          <Button
            size="sm"
            aria-pressed={shown}
            aria-controls={control.id}
            onClick={() => setShown((s) => !s)}
            className="shrink-0"
          >
            {shown ? 'Hide' : 'Show'}
          </Button>
        </div>
      )}
    </FormField>
  );
}

/** A checkbox with its label beside it, and its error or hint underneath. */
export function CheckboxField({
  name,
  label,
  description,
  className,
  disabled,
}: {
  name: string;
  label: ReactNode;
  description?: ReactNode;
  className?: string;
  disabled?: boolean;
}) {
  const fieldId = `${useId()}-${name}`;
  const { register } = useFormContext();
  const { error, errorId, aria } = useFieldError(name, fieldId);
  return (
    <div className={className}>
      <label htmlFor={fieldId} className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          id={fieldId}
          disabled={disabled}
          className="mt-0.5 size-4 rounded border-input"
          {...register(name)}
          {...aria}
        />
        <span>{label}</span>
      </label>
      <div className={cn('pl-6')}>
        <FieldMessage name={name} errorId={errorId} error={error} description={description} />
      </div>
    </div>
  );
}
