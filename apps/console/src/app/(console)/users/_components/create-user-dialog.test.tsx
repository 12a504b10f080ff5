import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { CreateUserDialog } from './create-user-dialog';

const create = vi.fn();
/** A refusal as the tRPC client raises it (an Error carrying the API's errorFormatter data). */
const refusal = (message: string, data: object) => Object.assign(new Error(message), { data });
// users.create as the tRPC client sees it: the test decides what the server answers.
vi.mock('~/trpc/react', () => ({
  useTRPC: () => ({
    users: {
      create: { mutationOptions: (opts: object) => ({ ...opts, mutationFn: create }) },
      list: { pathFilter: () => ({ queryKey: ['users', 'list'] }) },
    },
  }),
}));

function renderDialog() {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <CreateUserDialog open onClose={vi.fn()} onCreated={vi.fn()} />
    </QueryClientProvider>,
  );
}

async function fillIn(email: string, password = '') {
  await userEvent.type(screen.getByLabelText('Email'), email);
  await userEvent.type(screen.getByLabelText('Name'), 'Ann Admin');
  await userEvent.selectOptions(screen.getByLabelText('Role'), 'AUDITOR');
  if (password) await userEvent.type(screen.getByLabelText('Password'), password);
  await userEvent.click(screen.getByRole('button', { name: 'Create user' }));
}

describe('New user form', () => {
  beforeEach(() => {
    create.mockReset();
  });

  it("shows the procedure schema's message under the field and sends nothing", async () => {
    renderDialog();
    await fillIn('ann@example.com', 'short');
    const error = await screen.findByTestId('field-error-password');
    // users.create's own rule (zSecret(12, 256)), checked in the browser.
    expect(error.textContent).toBe('At least 12 characters.');
    expect(screen.getByLabelText('Password').getAttribute('aria-describedby')).toBe(error.id);
    expect(create).not.toHaveBeenCalled();
  });

  it('puts a server field error on its field, with no summary repeating it', async () => {
    create.mockImplementation(() =>
      Promise.reject(
        refusal('A user with this e-mail address exists.', {
          code: 'CONFLICT',
          fieldErrors: { email: ['A user with this e-mail address exists.'] },
        }),
      ),
    );
    renderDialog();
    await fillIn('Ann@Example.com');
    expect((await screen.findByTestId('field-error-email')).textContent).toBe(
      'A user with this e-mail address exists.',
    );
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByRole('alert')).toBeNull();
    // The schema's output went to the server: lower-cased address, no domains, no password (generate one).
    expect(create.mock.calls[0]![0]).toEqual({
      email: 'ann@example.com',
      name: 'Ann Admin',
      role: 'AUDITOR',
      domains: [],
    });
  });

  it('says a refusal without fields in the summary line', async () => {
    create.mockImplementation(() =>
      Promise.reject(refusal('Too many requests; try again in a minute.', { code: 'TOO_MANY_REQUESTS' })),
    );
    renderDialog();
    await fillIn('ann@example.com');
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('Too many requests; try again in a minute.'),
    );
  });
});
