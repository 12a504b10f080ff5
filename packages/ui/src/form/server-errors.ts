import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';

/** The parts of a tRPC client error forms use; the API's errorFormatter adds `data.fieldErrors`. */
export interface FormErrorLike {
  message: string;
  data?: { fieldErrors?: Record<string, string[] | undefined> | null; code?: string } | null;
}

/** The tRPC error code ('CONFLICT', 'NOT_FOUND', 'FORBIDDEN', …), if the error came from the API. */
export function errorCodeOf(error: FormErrorLike | null | undefined): string | undefined {
  return error?.data?.code ?? undefined;
}

/** The server's per-field messages (zod's flattened fieldErrors, or an AppError's), empty ones dropped. */
export function fieldErrorsOf(error: FormErrorLike | null | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(error?.data?.fieldErrors ?? {})) {
    if (messages && messages.length > 0) out[field] = messages;
  }
  return out;
}

/**
 * The one-line summary for a form. Input-validation failures carry zod's JSON dump as `message`,
 * which is not for humans: summarise those and leave the detail to the fields.
 */
export function summaryOf(error: FormErrorLike, knownFields: readonly string[]): string {
  const fields = fieldErrorsOf(error);
  const stray = Object.entries(fields)
    .filter(([field]) => !knownFields.includes(field))
    .flatMap(([, messages]) => messages);
  if (stray.length > 0) return stray.join(' ');
  const message = error.message.trim();
  if (message && !message.startsWith('[') && !message.startsWith('{')) return message;
  return Object.keys(fields).length > 0 ? 'Check the highlighted fields.' : 'The request failed. Try again.';
}

/** Where a form shows what belongs to none of its fields (see FormError). */
export const ROOT_ERROR = 'root.server';

/**
 * Puts a failed mutation's errors where the browser's own validation would: each field the form
 * has gets its server message (the same text, since both run the same schema), and the rest
 * becomes the form's summary line. `fields` defaults to the form's default-value keys.
 */
export function applyServerErrors<T extends FieldValues>(
  form: Pick<UseFormReturn<T, unknown, unknown>, 'setError' | 'formState'>,
  error: FormErrorLike,
  fields: readonly string[] = Object.keys(form.formState.defaultValues ?? {}),
): void {
  const byField = fieldErrorsOf(error);
  let first = true;
  for (const [field, messages] of Object.entries(byField)) {
    if (!fields.includes(field)) continue;
    form.setError(field as Path<T>, { type: 'server', message: messages.join(' ') }, { shouldFocus: first });
    first = false;
  }
  const known = Object.keys(byField);
  if (known.length > 0 && known.every((f) => fields.includes(f))) return;
  form.setError(ROOT_ERROR as Path<T>, { type: 'server', message: summaryOf(error, fields) });
}
