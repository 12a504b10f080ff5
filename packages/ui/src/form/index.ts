export { useZodForm } from './use-zod-form';
export { Form, FormActions, FormError, type FormActionsProps, type FormProps } from './form';
export {
  CheckboxField,
  FieldMessage,
  FormField,
  inputBaseClass,
  inputClass,
  PasswordField,
  useFieldError,
  type FieldControlProps,
  type FormFieldProps,
} from './form-field';
export {
  applyServerErrors,
  errorCodeOf,
  fieldErrorsOf,
  ROOT_ERROR,
  summaryOf,
  type FormErrorLike,
} from './server-errors';
