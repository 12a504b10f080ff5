import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { ChangePasswordForm } from './change-password-form';

const changePassword = vi.fn();
vi.mock('next/navigation', () => ({ useRouter: () => ({ refresh: vi.fn() }) }));
vi.mock('~/trpc/react', () => ({
  useTRPC: () => ({
    me: {
      changePassword: { mutationOptions: (opts: object) => ({ ...opts, mutationFn: changePassword }) },
      get: { queryFilter: () => ({ queryKey: ['me'] }) },
    },
  }),
}));

async function submit(current: string, next: string, repeat: string) {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ChangePasswordForm />
    </QueryClientProvider>,
  );
  await userEvent.type(screen.getByLabelText('Current password'), current);
  await userEvent.type(screen.getByLabelText('New password'), next);
  await userEvent.type(screen.getByLabelText('Repeat new password'), repeat);
  await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('Change password form', () => {
  beforeEach(() => {
    changePassword.mockReset();
  });

  it('says under the repetition that the two differ, and sends nothing', async () => {
    await submit('old secret', 'a brand new passphrase', 'a brand new passphrasx');
    expect((await screen.findByTestId('field-error-repeatPassword')).textContent).toBe(
      'The two new passwords differ; type the same one twice.',
    );
    expect(changePassword).not.toHaveBeenCalled();
  });

  it("applies me.changePassword's own length rule in the browser", async () => {
    await submit('old secret', 'too short', 'too short');
    expect((await screen.findByTestId('field-error-newPassword')).textContent).toBe('At least 12 characters.');
    expect(changePassword).not.toHaveBeenCalled();
  });

  it("shows the server's complaint about the current password on that field", async () => {
    changePassword.mockImplementation(() =>
      Promise.reject(
        Object.assign(new Error('That is not your current password.'), {
          data: { code: 'BAD_REQUEST', fieldErrors: { currentPassword: ['That is not your current password.'] } },
        }),
      ),
    );
    await submit('wrong one', 'a brand new passphrase', 'a brand new passphrase');
    expect((await screen.findByTestId('field-error-currentPassword')).textContent).toBe(
      'That is not your current password.',
    );
    // Only what the procedure takes is sent: the repetition stays in the browser.
    expect(changePassword.mock.calls[0]![0]).toEqual({
      currentPassword: 'wrong one',
      newPassword: 'a brand new passphrase',
    });
  });
});
