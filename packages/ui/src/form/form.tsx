'use client';

import type { FormHTMLAttributes, ReactNode } from 'react';
import {
  FormProvider,
  get,
  useFormContext,
  useFormState,
  type FieldValues,
  type SubmitHandler,
  type UseFormReturn,
} from 'react-hook-form';

import { Button, type ButtonVariant } from '../button';
import { cn } from '../cn';
import { ROOT_ERROR } from './server-errors';

export interface FormProps<In extends FieldValues, Out> extends Omit<
  FormHTMLAttributes<HTMLFormElement>,
  'onSubmit' | 'children'
> {
  form: UseFormReturn<In, unknown, Out>;
  /** Called with the schema's output once the browser-side validation passed. */
  onSubmit: SubmitHandler<Out>;
  children: ReactNode;
}

/** A <form> wired to react-hook-form: the browser's own validation bubbles are off (the schema's messages show instead). */
export function Form<In extends FieldValues, Out>({
  form,
  onSubmit,
  className,
  children,
  ...props
}: FormProps<In, Out>) {
  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={form.handleSubmit(onSubmit)} className={cn('space-y-3.5', className)} {...props}>
        {children}
      </form>
    </FormProvider>
  );
}

/** What the server said that belongs to no field (a conflict, a refusal), as one line. */
export function FormError({ className }: { className?: string }) {
  const { errors } = useFormState();
  const message = (get(errors, ROOT_ERROR) as { message?: string } | undefined)?.message;
  if (!message) return null;
  return (
    <p
      role="alert"
      className={cn(
        'rounded border border-danger-border bg-danger-soft px-3 py-2 text-sm text-danger-strong',
        className,
      )}
    >
      {message}
    </p>
  );
}

export interface FormActionsProps {
  /** The submit button's name ("Create user"), and what it says while the request runs ("Creating…"). */
  submitLabel: string;
  pendingLabel?: string;
  /** The mutation is running (the form's own submitting state counts too). */
  pending?: boolean;
  /** Without it there is no Cancel button. */
  onCancel?: () => void;
  cancelLabel?: string;
  variant?: ButtonVariant;
  /** Disable the submit button for reasons of the form's own (a confirmation not typed yet). */
  disabled?: boolean;
  /** Extra buttons, placed left of Cancel. */
  children?: ReactNode;
  /** Bordered row at the foot of a dialog (default), or a plain row under a page form. */
  bordered?: boolean;
  className?: string;
}

/** The form's summary line and its Cancel / Submit row, with the pending state on the submit button. */
export function FormActions({
  submitLabel,
  pendingLabel,
  pending = false,
  onCancel,
  cancelLabel = 'Cancel',
  variant = 'primary',
  disabled = false,
  children,
  bordered = true,
  className,
}: FormActionsProps) {
  const { isSubmitting } = useFormContext().formState;
  const busy = pending || isSubmitting;
  return (
    <>
      <FormError />
      <div className={cn('flex justify-end gap-2', bordered && 'border-t border-border pt-4', className)}>
        {children}
        {onCancel && (
          <Button variant="ghost" onClick={onCancel}>
            {cancelLabel}
          </Button>
        )}
        <Button type="submit" variant={variant} disabled={busy || disabled} aria-busy={busy}>
          {busy ? (pendingLabel ?? submitLabel) : submitLabel}
        </Button>
      </div>
    </>
  );
}
