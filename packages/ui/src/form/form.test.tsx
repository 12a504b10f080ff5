import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

import { applyServerErrors, Form, FormActions, FormField, PasswordField, useZodForm, type FormErrorLike } from '.';

const Schema = z.object({
  email: z.email({ message: 'Enter an e-mail address.' }),
  password: z.string().min(12, 'At least 12 characters.'),
});

/** A server answer shaped as the API's errorFormatter makes it (zod's flattened field errors). */
const badRequest = (fieldErrors: Record<string, string[]>, message = '[{"code":"custom"}]'): FormErrorLike => ({
  message,
  data: { code: 'BAD_REQUEST', fieldErrors },
});

function SignUp({
  onSubmit,
  serverError,
}: {
  onSubmit: (v: z.output<typeof Schema>) => void;
  serverError?: FormErrorLike;
}) {
  const form = useZodForm(Schema, { email: '', password: '' });
  return (
    <Form
      form={form}
      onSubmit={(values) => {
        if (serverError) applyServerErrors(form, serverError);
        else onSubmit(values);
      }}
    >
      <FormField name="email" label="Email" type="email" description="Where we write to you." />
      <PasswordField name="password" label="Password" autoComplete="new-password" />
      <FormActions submitLabel="Sign up" pendingLabel="Signing up…" onCancel={() => undefined} />
    </Form>
  );
}

describe('form kit', () => {
  it('shows a schema error under its field, linked for screen readers, and submits nothing', async () => {
    const onSubmit = vi.fn();
    render(<SignUp onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('Email'), 'not-an-address');
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }));

    const email = screen.getByLabelText('Email');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    const message = document.getElementById(email.getAttribute('aria-describedby')!);
    expect(message?.textContent).toBe('Enter an e-mail address.');
    expect(screen.getByTestId('field-error-password').textContent).toBe('At least 12 characters.');
    // The hint gives way to the error.
    expect(screen.queryByText('Where we write to you.')).toBeNull();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('clears the error as the user corrects the field, then submits the parsed values', async () => {
    const onSubmit = vi.fn();
    render(<SignUp onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }));
    expect(screen.getByTestId('field-error-email')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Email'), 'ann@example.com');
    await waitFor(() => expect(screen.queryByTestId('field-error-email')).toBeNull());
    await userEvent.type(screen.getByLabelText('Password'), 'correct horse battery');
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0]).toEqual({ email: 'ann@example.com', password: 'correct horse battery' });
  });

  it("maps the server's field errors onto the fields and the rest into the summary", async () => {
    const serverError = badRequest({ email: ['This address is taken.'], plan: ['No such plan.'] });
    render(<SignUp onSubmit={vi.fn()} serverError={serverError} />);
    await userEvent.type(screen.getByLabelText('Email'), 'ann@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'correct horse battery');
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }));

    expect((await screen.findByTestId('field-error-email')).textContent).toBe('This address is taken.');
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
    // A field the form does not have is said in the summary; zod's JSON message never shows.
    expect(screen.getByRole('alert').textContent).toBe('No such plan.');
  });

  it('shows no summary when every server error has its field; a plain refusal is the summary', async () => {
    const calls: Array<{ name: string; message?: string }> = [];
    const form = {
      formState: { defaultValues: { email: '', password: '' } },
      setError: (name: string, e: { message?: string }) => calls.push({ name, message: e.message }),
    };
    applyServerErrors(form as never, badRequest({ password: ['Too weak.'] }));
    expect(calls).toEqual([{ name: 'password', message: 'Too weak.' }]);
    calls.length = 0;
    applyServerErrors(form as never, { message: 'Someone else changed it meanwhile.', data: { code: 'CONFLICT' } });
    expect(calls).toEqual([{ name: 'root.server', message: 'Someone else changed it meanwhile.' }]);
  });

  it('the password field shows and hides what was typed; its toggle does not take the label', async () => {
    render(<SignUp onSubmit={vi.fn()} />);
    const password = screen.getByLabelText('Password');
    expect(password.getAttribute('type')).toBe('password');
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect(password.getAttribute('type')).toBe('text');
    expect(screen.getByRole('button', { name: 'Hide' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('disables the submit button and names it while pending', () => {
    function Pending() {
      const form = useZodForm(Schema, { email: '', password: '' });
      return (
        <Form form={form} onSubmit={() => undefined}>
          <FormActions submitLabel="Save" pendingLabel="Saving…" pending />
        </Form>
      );
    }
    render(<Pending />);
    const button = screen.getByRole('button', { name: 'Saving…' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
  });
});
