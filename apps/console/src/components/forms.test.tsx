// Every converted form renders, and an empty submit shows the procedure schema's messages under
// their fields without calling the server. tRPC is a stand-in whose queries never answer.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';

import { RegisterNodeDialog } from '~/app/(console)/nodes/_components/register-node-dialog';
import { CreateDomainDialog } from '~/app/(console)/domains/_components/create-domain-dialog';
import { CreateAccountDialog } from '~/app/(console)/domains/[name]/_components/create-account-dialog';
import { AccountDialogs } from '~/app/(console)/domains/[name]/accounts/[account]/_components/account-dialogs';
import { ChannelForm } from '~/app/(console)/health/_components/channel-form';
import { FindingActions } from '~/app/(console)/health/_components/finding-actions';
import type { AccountDetail } from '~/components/api-types';
import { PostAlertDialog } from '~/components/post-alert-dialog';

const mutationFn = vi.fn();
/** Any procedure: mutations record their input, queries stay loading. */
const procedure = (path: string[]): unknown =>
  new Proxy(() => undefined, {
    get: (_, key: string) => {
      if (key === 'mutationOptions') return (opts: object) => ({ ...opts, mutationFn });
      if (key === 'queryOptions') return () => ({ queryKey: path, queryFn: () => new Promise(() => undefined) });
      if (key === 'pathFilter' || key === 'queryFilter') return () => ({ queryKey: path });
      return procedure([...path, key]);
    },
  });
vi.mock('~/trpc/react', () => ({ useTRPC: () => procedure([]) }));
vi.mock('next/navigation', () => ({ useRouter: () => ({ push: vi.fn(), replace: vi.fn(), refresh: vi.fn() }) }));

function renderIn(ui: ReactNode) {
  render(<QueryClientProvider client={new QueryClient()}>{ui}</QueryClientProvider>);
}

async function submitEmpty(button: string, fields: Record<string, string>) {
  await userEvent.click(screen.getByRole('button', { name: button }));
  for (const [field, message] of Object.entries(fields)) {
    expect((await screen.findByTestId(`field-error-${field}`)).textContent, field).toBe(message);
  }
  expect(mutationFn).not.toHaveBeenCalled();
}

describe('forms on the procedures’ schemas', () => {
  it('Register node', async () => {
    renderIn(<RegisterNodeDialog open onClose={vi.fn()} onRegistered={vi.fn()} />);
    await submitEmpty('Register', {
      name: 'Enter a name.',
      adminUrl: 'Enter the node admin URL.',
      token: 'Node tokens are at least 16 characters.',
    });
  });

  it('New domain', async () => {
    renderIn(<CreateDomainDialog open onClose={vi.fn()} />);
    await userEvent.type(screen.getByLabelText('Domain name'), 'no_such..domain');
    await userEvent.click(screen.getByRole('button', { name: 'Create domain' }));
    expect((await screen.findByTestId('field-error-name')).textContent).not.toBe('');
    expect(mutationFn).not.toHaveBeenCalled();
  });

  it('New account', async () => {
    renderIn(<CreateAccountDialog open domain="example.com" onClose={vi.fn()} onCreated={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect((await screen.findByTestId('field-error-name')).textContent).not.toBe('');
    expect(mutationFn).not.toHaveBeenCalled();
  });

  it('Rename account', async () => {
    const account = { address: 'ann@example.com', domain: 'example.com', version: 1 } as AccountDetail;
    renderIn(<AccountDialogs account={account} open="rename" onClose={vi.fn()} onChange={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Rename account' }));
    expect((await screen.findByTestId('field-error-newName')).textContent).not.toBe('');
    expect(mutationFn).not.toHaveBeenCalled();
  });

  it('Post alert', async () => {
    renderIn(<PostAlertDialog open onClose={vi.fn()} canPostCluster pickDomain={false} />);
    await submitEmpty('Post alert', { domain: 'Enter the domain.' });
  });

  it('Notification channel', async () => {
    renderIn(<ChannelForm channel={null} onClose={vi.fn()} onSaved={vi.fn()} />);
    await submitEmpty('Save', {
      name: 'Enter a name.',
      'config.url': 'A webhook URL must start with http:// or https://.',
    });
  });

  it('Silence a finding', async () => {
    renderIn(
      <FindingActions
        finding={{ id: '6a0f6b52-1c35-4a8e-9b0c-3f1d2e4a5b6c', summary: 'Split brain', silenced: false }}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Silence' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.clear(screen.getByLabelText('Silence for (minutes)'));
    await userEvent.type(screen.getByLabelText('Silence for (minutes)'), '0');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Silence' }));
    expect((await screen.findByTestId('field-error-minutes')).textContent).toBe('At least 1 minute.');
    expect(screen.getByTestId('field-error-reason').textContent).toBe('Say why.');
    expect(mutationFn).not.toHaveBeenCalled();
  });
});
