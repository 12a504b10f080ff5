import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

import { signIn, trpcCall, type UserKey } from '../support/fixtures';

// Demo data (scripts/lib/cluster.mjs writeDemoDomains): example.com user1..user1000, example.net
// user1..user50 with mailboxQuotaMB 2048 set on the domain, example.org staff1..staff10. Other specs
// share it: these tests change only domains they create, and delete them afterwards.

interface DomainView {
  name: string;
  version: number;
  accounts: number;
  settings: Array<{ key: string; value: unknown; source: string; own?: unknown }>;
}

function data<T>(res: { status: number; body: unknown }): T {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as { result: { data: { json: T } } }).result.data.json;
}

async function as(page: Page, who: UserKey) {
  await page.context().clearCookies();
  await signIn(page, who);
}

const uniqueDomain = (tag: string) => `e2e-${tag}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}.test`;

async function getDomain(request: APIRequestContext, name: string) {
  return data<DomainView>(await trpcCall(request, 'domains.get', { name }, 'query'));
}

async function createDomain(request: APIRequestContext, name: string, settings?: Record<string, unknown>) {
  data(await trpcCall(request, 'domains.create', { name, ...(settings && { settings }) }, 'mutation'));
}

/** Every domain a test created (under any name it got), deleted as admin afterwards. */
let cleanup: string[] = [];

test.describe('[DOMAINS] shared domains, accounts and settings', () => {
  test.beforeEach(() => {
    cleanup = [];
  });
  test.afterEach(async ({ page }) => {
    if (cleanup.length === 0) return;
    await as(page, 'admin');
    for (const name of cleanup) {
      const res = await trpcCall(page.request, 'domains.delete', { name, confirm: name }, 'mutation');
      expect([200, 404], JSON.stringify(res.body)).toContain(res.status);
    }
  });

  test('an administrator creates a domain (field errors first), renames it and deletes it', async ({ page }) => {
    const name = uniqueDomain('create');
    const renamed = uniqueDomain('renamed');
    cleanup.push(name, renamed);
    await signIn(page, 'admin');
    await page.goto('/domains');
    await page.getByRole('button', { name: 'New domain' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Domain name').fill('bad_domain');
    await dialog.getByRole('button', { name: 'Create domain' }).click();
    await expect(dialog.getByTestId('field-error-name')).toBeVisible();
    await dialog.getByLabel('Domain name').fill('example.com');
    await dialog.getByRole('button', { name: 'Create domain' }).click();
    await expect(dialog.getByTestId('field-error-name')).toContainText('already exists');

    await dialog.getByLabel('Domain name').fill(name);
    await dialog.getByRole('button', { name: 'Create domain' }).click();
    await expect(page).toHaveURL(`/domains/${name}`);
    await expect(page.getByTestId('domain-name')).toHaveText(name);
    await expect(page.getByTestId('notice')).toContainText('created');
    await expect(page.getByTestId('propagation-revision')).toHaveText(/^Revision \d+: applied on \d+ of 5 nodes$/);

    await page.getByRole('button', { name: 'Rename domain' }).click();
    await page.getByRole('dialog').getByLabel('New domain name').fill(renamed);
    await page.getByRole('dialog').getByRole('button', { name: 'Rename domain' }).click();
    await expect(page).toHaveURL(`/domains/${renamed}`);
    await expect(page.getByTestId('domain-name')).toHaveText(renamed);
    await expect(page.getByTestId('notice')).toContainText(`renamed to ${renamed}`);

    await page.getByRole('button', { name: 'Delete domain' }).click();
    const confirm = page.getByRole('dialog');
    await expect(confirm.getByTestId('delete-account-count')).toHaveText('no accounts');
    await expect(confirm.getByRole('button', { name: 'Delete domain' })).toBeDisabled();
    await confirm.getByLabel(`Type ${renamed} to confirm`).fill(renamed);
    await confirm.getByRole('button', { name: 'Delete domain' }).click();
    await expect(page).toHaveURL('/domains');
    await expect(page.getByTestId('notice')).toContainText(`Domain ${renamed} deleted`);
    await expect(page.getByTestId('domain-row').first()).toBeVisible();
    await expect(page.locator(`[data-testid="domain-row"][data-domain-name="${renamed}"]`)).toHaveCount(0);
  });

  test('accounts are searched by prefix or name@domain and paged with Load more', async ({ page }) => {
    await signIn(page, 'admin');
    await page.goto('/domains/example.com');
    const rows = page.getByTestId('account-row');
    await expect(rows).toHaveCount(50);
    await expect(page.getByTestId('list-count')).toHaveText('Showing 50 of 1,000 accounts');
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect(rows).toHaveCount(100);

    await page.getByLabel('Search accounts').fill('user99');
    // user99 and user990..user999
    await expect(rows).toHaveCount(11);
    await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
    // Both parts are prefixes: the name, and the domain after "@".
    await page.getByLabel('Search accounts').fill('user999@example.c');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-address', 'user999@example.com');
    await page.getByLabel('Search accounts').fill('user999@example.net');
    await expect(page.getByText('No accounts match this search.')).toBeVisible();
  });

  test('an account is created with a generated password, its override set and reset, disabled, renamed and deleted', async ({
    page,
  }) => {
    const domain = uniqueDomain('acct');
    cleanup.push(domain);
    await signIn(page, 'admin');
    await createDomain(page.request, domain, { mailboxQuotaMB: 3072 });
    await page.goto(`/domains/${domain}`);

    await page.getByRole('button', { name: 'New account' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Account name').fill('alice');
    await dialog.getByLabel('Real name').fill('Alice Example');
    await dialog.getByRole('button', { name: 'Create account' }).click();
    const secret = dialog.getByTestId('generated-password');
    await expect(secret).toHaveText(/^\S{12,}$/);
    const password = await secret.innerText();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByText(password)).toHaveCount(0);
    // Shown once: reopening the dialog starts a new, empty form.
    await page.getByRole('button', { name: 'New account' }).click();
    await expect(page.getByRole('dialog').getByTestId('generated-password')).toHaveCount(0);
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    await page.getByLabel('Search accounts').fill('ali');
    await page.getByRole('link', { name: `alice@${domain}` }).click();
    await expect(page.getByTestId('account-address')).toHaveText(`alice@${domain}`);
    await expect(page.getByTestId('account-real-name')).toContainText('Alice Example');
    await expect(page.getByTestId('account-alerts')).toBeAttached();

    const quota = page.locator('[data-testid="setting-row"][data-key="mailboxQuotaMB"]');
    await expect(quota.getByTestId('setting-source')).toHaveText('from domain');
    await expect(page.getByLabel('Mailbox quota', { exact: true })).toHaveValue('3072');
    // Out of range: the server's message lands on the setting.
    await page.getByLabel('Mailbox quota', { exact: true }).fill('9999999');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByTestId('field-error-changes.mailboxQuotaMB')).toContainText('between 0 and 1048576');
    await page.getByLabel('Mailbox quota', { exact: true }).fill('777');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(quota.getByTestId('setting-source')).toHaveText('set on account');
    await expect(page.getByTestId('propagation-revision')).toContainText(/^Revision \d+: applied on/);

    await quota.getByRole('button', { name: 'Reset to inherited' }).click();
    await expect(quota).toHaveAttribute('data-pending', 'reset');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(quota.getByTestId('setting-source')).toHaveText('from domain');
    await expect(page.getByLabel('Mailbox quota', { exact: true })).toHaveValue('3072');

    await page.getByRole('button', { name: 'Disable account' }).click();
    await expect(page.getByTestId('account-enabled')).toHaveText('Disabled');
    await page.getByRole('button', { name: 'Enable account' }).click();
    await expect(page.getByTestId('account-enabled')).toHaveText('Enabled');

    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await page.getByRole('dialog').getByLabel('New account name').fill('alicia');
    await page.getByRole('dialog').getByRole('button', { name: 'Rename account' }).click();
    await expect(page).toHaveURL(`/domains/${domain}/accounts/alicia`);
    await expect(page.getByTestId('account-address')).toHaveText(`alicia@${domain}`);
    await expect(page.getByTestId('notice')).toContainText('renamed');

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByLabel(`Type alicia@${domain} to confirm`).fill(`alicia@${domain}`);
    // The mailbox's fate is a required choice, spelled out in the confirmation before anything is deleted.
    await expect(confirm.getByRole('button', { name: 'Delete account' })).toBeDisabled();
    await confirm.getByLabel('Archive the mailbox to a folder').check();
    await confirm.getByLabel('Archive folder').fill('../etc');
    await expect(confirm.getByTestId('field-error-archiveFolder')).toContainText('one folder');
    await expect(confirm.getByRole('button', { name: 'Delete account' })).toBeDisabled();
    await confirm.getByLabel('Archive folder').fill('alicia-2024');
    await expect(confirm.getByTestId('delete-consequence')).toContainText('archive folder "alicia-2024"');
    await confirm.getByRole('button', { name: 'Delete account' }).click();
    await expect(page).toHaveURL(`/domains/${domain}`);
    await expect(page.getByTestId('notice')).toContainText(`Account alicia@${domain} deleted`);
    await expect(page.getByTestId('notice')).toContainText('archive folder "alicia-2024"');
    await expect(page.getByTestId('account-row')).toHaveCount(0);
    await expect(page.getByTestId('domain-account-count')).toContainText('0');
  });

  test('a save that lost the race shows who changed what, and Reload shows the current value', async ({ page }) => {
    const domain = uniqueDomain('conflict');
    cleanup.push(domain);
    await signIn(page, 'admin');
    await createDomain(page.request, domain);
    await page.goto(`/domains/${domain}`);
    const quota = page.getByLabel('Mailbox quota', { exact: true });
    await expect(quota).toHaveValue('1024');

    // Someone else saves the same setting after the page loaded.
    const { version } = await getDomain(page.request, domain);
    data(
      await trpcCall(
        page.request,
        'domains.updateSettings',
        { name: domain, expectedVersion: version, changes: { mailboxQuotaMB: 4096 } },
        'mutation',
      ),
    );

    await quota.fill('5000');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const conflict = page.getByTestId('settings-conflict');
    await expect(conflict).toBeVisible();
    await expect(conflict).toContainText('admin@e2e.test');
    await expect(conflict).toContainText('Mailbox quota');
    await expect(conflict).toContainText('4096');
    await conflict.getByRole('button', { name: 'Reload' }).click();
    await expect(conflict).toHaveCount(0);
    await expect(quota).toHaveValue('4096');
    await expect(
      page.locator('[data-testid="setting-row"][data-key="mailboxQuotaMB"]').getByTestId('setting-source'),
    ).toHaveText('set here');
  });

  test('a domain administrator sees only example.com, without server-administrator controls', async ({ page }) => {
    await signIn(page, 'domainAdmin');
    await page.goto('/');
    await expect(page).toHaveURL('/domains');
    await expect(page.getByTestId('domain-row')).toHaveCount(1);
    await expect(page.getByTestId('domain-row')).toHaveAttribute('data-domain-name', 'example.com');
    await expect(page.getByRole('button', { name: 'New domain' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Settings' })).toHaveCount(0);

    await page.getByRole('link', { name: 'example.com' }).click();
    await expect(page.getByTestId('setting-row')).toHaveCount(17);
    await expect(page.getByRole('button', { name: 'Rename domain' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Delete domain' })).toHaveCount(0);
    await expect(page.getByTestId('danger-zone')).toHaveCount(0);
    // Server-administrator-only settings are shown, not editable; domain-editable ones are.
    const maxAccounts = page.locator('[data-testid="setting-row"][data-key="maxAccounts"]');
    await expect(maxAccounts.getByTestId('setting-locked')).toHaveText(/server administrators only/);
    await expect(maxAccounts.getByRole('spinbutton')).toHaveCount(0);
    await expect(page.getByLabel('Maximum concurrent sessions')).toHaveCount(0);
    await expect(page.getByLabel('Mailbox quota', { exact: true })).toBeEditable();
    await expect(page.getByRole('button', { name: 'New account' })).toBeVisible();

    await page.goto('/domains/example.net');
    await expect(page.getByTestId('domain-not-found')).toBeVisible();
    await page.goto('/domains/example.net/accounts/user1');
    await expect(page.getByTestId('account-not-found')).toBeVisible();
  });

  test("the API refuses a domain administrator another tenant's domain (404) and server-wide changes (403)", async ({
    page,
  }) => {
    await signIn(page, 'admin');
    const before = await getDomain(page.request, 'example.net');
    const accountBefore = data(await trpcCall(page.request, 'accounts.get', { address: 'user1@example.net' }, 'query'));
    const defaultsBefore = data(await trpcCall(page.request, 'settings.clusterDefaults', undefined, 'query'));

    await as(page, 'domainAdmin');
    const r = page.request;
    expect((await trpcCall(r, 'domains.get', { name: 'example.net' }, 'query')).status).toBe(404);
    expect((await trpcCall(r, 'accounts.get', { address: 'user1@example.net' }, 'query')).status).toBe(404);
    const update = { address: 'user1@example.net', expectedVersion: 0, changes: { language: 'fr' } };
    expect((await trpcCall(r, 'accounts.updateSettings', update, 'mutation')).status).toBe(404);
    expect((await trpcCall(r, 'domains.create', { name: uniqueDomain('sneaky') }, 'mutation')).status).toBe(403);
    const defaults = { family: 'prefs', expectedVersion: 0, changes: { language: 'fr' } };
    expect((await trpcCall(r, 'settings.updateClusterDefaults', defaults, 'mutation')).status).toBe(403);

    await as(page, 'admin');
    expect(await getDomain(page.request, 'example.net')).toEqual(before);
    expect(data(await trpcCall(page.request, 'accounts.get', { address: 'user1@example.net' }, 'query'))).toEqual(
      accountBefore,
    );
    expect(data(await trpcCall(page.request, 'settings.clusterDefaults', undefined, 'query'))).toEqual(defaultsBefore);
    const quota = before.settings.find((s) => s.key === 'mailboxQuotaMB');
    expect(quota).toMatchObject({ value: 2048, source: 'domain' });
  });

  test('an auditor sees the cluster defaults and domains read-only', async ({ page }) => {
    await signIn(page, 'auditor');
    await page.goto('/settings');
    for (const title of ['Default Domain Settings', 'Default Account Settings', 'Default WebUser Preferences']) {
      await expect(page.getByRole('region', { name: title })).toBeVisible();
    }
    await expect(page.getByTestId('setting-value').first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
    await expect(page.getByRole('spinbutton')).toHaveCount(0);
    await expect(page.getByTestId('propagation-overall')).toHaveText(/^Applied on \d+ of 5 nodes$/);
    await expect(page.getByTestId('revision-row').first()).toBeVisible();

    await page.goto('/domains');
    await expect(page.getByRole('button', { name: 'New domain' })).toHaveCount(0);
    await page.goto('/domains/example.net');
    await expect(page.getByTestId('setting-row')).toHaveCount(17);
    await expect(page.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'New account' })).toHaveCount(0);
    await expect(page.getByTestId('danger-zone')).toHaveCount(0);
    await page.goto('/domains/example.net/accounts/user1');
    await expect(page.getByTestId('account-address')).toHaveText('user1@example.net');
    await expect(page.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Disable account' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'End all sessions' })).toHaveCount(0);
  });

  test('the account page shows where it is open and ends all its sessions, node by node', async ({ page }) => {
    await signIn(page, 'admin');
    await page.goto('/domains/example.com/accounts/user1');
    await expect(page.getByTestId('open-summary')).toHaveText(/^(Not open on any node|Open on \d+ nodes?: .+)\.$/);
    await page.getByRole('button', { name: 'End all sessions' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'End all sessions' }).click();
    const result = page.getByTestId('end-sessions-result');
    await expect(result).toContainText(/^Ended \d+ sessions?\./);
    // One line per live node, each with its count (or its failure).
    const lines = result.getByRole('listitem');
    await expect(lines.first()).toBeVisible();
    for (const line of await lines.all()) await expect(line).toHaveText(/^[\w-]+: (\d+ ended|failed — .+)$/);
  });
});
