import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import type { AccountDetail } from '~/components/api-types';

import { DeleteAccountForm } from './delete-account-form';

const remove = vi.fn();
vi.mock('next/navigation', () => ({ useRouter: () => ({ push: vi.fn() }) }));
vi.mock('~/trpc/react', () => ({
  useTRPC: () => ({
    accounts: {
      delete: { mutationOptions: (opts: object) => ({ ...opts, mutationFn: remove }) },
      get: { pathFilter: () => ({ queryKey: ['accounts', 'get'] }) },
      list: { pathFilter: () => ({ queryKey: ['accounts', 'list'] }) },
    },
    domains: { pathFilter: () => ({ queryKey: ['domains'] }) },
  }),
}));

const account = { address: 'ann@example.com', domain: 'example.com' } as AccountDetail;

describe('Delete account form', () => {
  it("checks the archive folder as it is typed with accounts.delete's rule, then sends the typed confirmation", async () => {
    remove.mockResolvedValue({ revision: 7n });
    render(
      <QueryClientProvider client={new QueryClient()}>
        <DeleteAccountForm account={account} onCancel={vi.fn()} />
      </QueryClientProvider>,
    );
    const submit = screen.getByRole('button', { name: 'Delete account' }) as HTMLButtonElement;
    // The mailbox's fate is a required choice: a typed confirmation alone does not enable Delete.
    await userEvent.type(screen.getByLabelText('Type ann@example.com to confirm'), 'ann@example.com');
    expect(submit.disabled).toBe(true);
    await userEvent.clear(screen.getByLabelText('Type ann@example.com to confirm'));
    await userEvent.click(screen.getByRole('radio', { name: /Archive the mailbox to a folder/ }));
    await userEvent.type(screen.getByLabelText('Archive folder'), 'bad/folder');
    expect((await screen.findByTestId('field-error-archiveFolder')).textContent).not.toBe('');
    await userEvent.type(screen.getByLabelText('Type ann@example.com to confirm'), 'ANN@example.com');
    expect(submit.disabled).toBe(true);

    await userEvent.clear(screen.getByLabelText('Archive folder'));
    await userEvent.type(screen.getByLabelText('Archive folder'), 'Leavers');
    await waitFor(() => expect(screen.queryByTestId('field-error-archiveFolder')).toBeNull());
    expect(submit.disabled).toBe(false);
    await userEvent.click(submit);
    await waitFor(() => expect(remove).toHaveBeenCalledTimes(1));
    expect(remove.mock.calls[0]![0]).toEqual({
      address: 'ann@example.com',
      confirm: 'ANN@example.com',
      mailbox: 'archive',
      archiveFolder: 'Leavers',
    });
  });
});
