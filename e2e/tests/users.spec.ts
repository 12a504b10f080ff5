import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';

import { signIn, trpcCall } from '../support/fixtures';
import { readState } from '../support/state';

// Console users as a server administrator manages them, and what each role then may do. The demo users
// (admin, operator, auditor, domain-admin@e2e.test) are only signed in with, never changed: other specs
// rely on them. The one user created here is disabled again at the end.

test.describe.configure({ mode: 'serial' });

const email = `e2e-dora-${Date.now().toString(36)}@e2e.test`;
let password = '';
const contexts: BrowserContext[] = [];

/** A separate browser (own cookies), as the created user would use. */
async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: readState().baseURL });
  contexts.push(context);
  return context.newPage();
}

async function signInAs(page: Page, who: string, secret: string): Promise<number> {
  const res = await page.request.post('/api/auth/sign-in/email', {
    data: { email: who, password: secret },
    headers: { origin: readState().baseURL },
  });
  return res.status();
}

async function signInThroughForm(page: Page, who: string, secret: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(who);
  await page.getByLabel('Password').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The form leaves with a full navigation (location.assign): let it leave before checking the header.
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  await expect(page.getByTestId('current-user')).toContainText(who);
}

const row = (page: Page, who: string) => page.locator(`[data-testid="user-row"][data-email="${who}"]`);

async function userId(page: Page, who: string): Promise<string> {
  const res = await trpcCall(page.request, 'users.list', { search: who }, 'query');
  expect(res.status).toBe(200);
  const list = (res.body as { result: { data: { json: Array<{ id: string; email: string }> } } }).result.data.json;
  return list.find((u) => u.email === who)!.id;
}

test.afterAll(async ({ browser }) => {
  for (const c of contexts) await c.close();
  const page = await freshPage(browser);
  await signIn(page, 'admin');
  const id = await userId(page, email).catch(() => null);
  if (id) await trpcCall(page.request, 'users.setDisabled', { id, disabled: true }, 'mutation');
  await page.context().close();
});

test('an administrator creates a domain administrator, who must replace the generated password', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  await signIn(page, 'admin');
  await page.goto('/users');
  await expect(row(page, readState().users.admin.email)).toBeVisible();
  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByLabel('Name').fill('Dora Second');
  await dialog.getByLabel('Role').selectOption({ label: 'Domain administrator' });
  // The server's field error: a domain administrator needs a domain.
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog.getByTestId('field-error-domains')).toContainText('at least one domain');
  await dialog.getByLabel('Filter domains').fill('example.o');
  await dialog.getByRole('checkbox', { name: 'example.org', exact: true }).check();
  await expect(dialog.getByTestId('chosen-domain')).toHaveText(['example.org×']);
  await dialog.getByRole('button', { name: 'Create user' }).click();
  const secret = dialog.getByTestId('generated-password');
  await expect(secret).toHaveText(/^\S{12,}$/);
  const generated = await secret.innerText();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('notice')).toContainText(`User ${email} created`);
  await expect(row(page, email).getByTestId('user-role')).toHaveText('Domain administrator');
  await expect(row(page, email).getByTestId('user-domains')).toHaveText('example.org');
  await expect(row(page, email).getByTestId('user-must-change')).toBeVisible();

  // The same address twice is a field error, not a second user.
  await page.getByRole('button', { name: 'New user' }).click();
  await dialog.getByLabel('Email').fill(email.toUpperCase());
  await dialog.getByLabel('Name').fill('Dora Again');
  await dialog.getByLabel('Role').selectOption({ label: 'Auditor' });
  await expect(dialog.getByLabel('Filter domains')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog.getByTestId('field-error-email')).toContainText('already exists');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // They sign in with it through the form and can do nothing else before replacing it: every page
  // leads to the account page, and the API refuses everything but reading and changing their own.
  const dora = await freshPage(browser);
  await signInThroughForm(dora, email, generated);
  await expect(dora).toHaveURL(/\/account$/);
  const banner = dora.getByTestId('must-change-password');
  await expect(banner).toContainText('You are using a password someone else chose; change it before anything else.');
  await dora.goto('/domains');
  await expect(dora).toHaveURL(/\/account$/);
  const refused = await trpcCall(dora.request, 'domains.list', {}, 'query');
  expect(refused.status).toBe(403);
  expect(JSON.stringify(refused.body)).toContain('Change your password first');
  expect((await trpcCall(dora.request, 'me.get', undefined, 'query')).status).toBe(200);
  await banner.getByRole('link', { name: 'Change your password' }).click();
  await expect(dora).toHaveURL(/\/account$/);
  await expect(dora.getByTestId('me-email')).toHaveText(email);
  await expect(dora.getByTestId('me-role')).toHaveText('Domain administrator');
  await expect(dora.getByTestId('me-scopes').locator('[data-scope="domain:edit"]')).toBeVisible();

  const form = dora.getByTestId('change-password');
  password = `e2e-own-${Date.now()}-password`;
  await form.getByLabel('Current password').fill('not-my-current-password');
  await form.getByLabel('New password', { exact: true }).fill(password);
  await form.getByLabel('Repeat new password').fill(`${password}x`);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByTestId('field-error-repeatPassword')).toContainText('differ');
  await form.getByLabel('Repeat new password').fill(password);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByTestId('field-error-currentPassword')).toContainText('not your current password');
  await form.getByLabel('Current password').fill(generated);
  await form.getByRole('button', { name: 'Change password' }).click();
  // The success message is a toast (outside the form).
  await expect(dora.getByTestId('password-changed')).toContainText('Password changed');
  await expect(banner).toHaveCount(0);
  await dora.goto('/domains');
  await expect(dora.getByTestId('domain-row')).toHaveCount(1);

  // Out and in again with their own password: only their domain, and no user management.
  await dora.getByRole('button', { name: 'Sign out' }).click();
  await expect(dora).toHaveURL(/\/sign-in/);
  expect(await signInAs(dora, email, generated)).toBe(401);
  await signInThroughForm(dora, email, password);
  // Home sends a domain administrator on to their domains; with the console's loading skeleton streamed
  // first, that redirect happens in the browser, after the header shows: wait for it before navigating.
  await expect(dora).toHaveURL(/\/domains$/);
  await expect(banner).toHaveCount(0);
  await dora.goto('/domains');
  await expect(dora.getByTestId('domain-row')).toHaveCount(1);
  await expect(dora.getByTestId('domain-row')).toHaveAttribute('data-domain-name', 'example.org');
  await expect(dora.getByRole('navigation').getByRole('link', { name: 'Users' })).toHaveCount(0);

  await page.reload();
  await expect(row(page, email).getByTestId('user-must-change')).toHaveCount(0);
  await expect(row(page, email).getByTestId('user-sessions')).toHaveText('1');
});

test('disabling ends their sessions at once; enabled again, a reset password is theirs to replace', async ({
  page,
  browser,
}) => {
  const dora = await freshPage(browser);
  expect(await signInAs(dora, email, password)).toBe(200);
  await dora.goto('/domains');
  await expect(dora.getByTestId('domain-row')).toHaveCount(1);

  await signIn(page, 'admin');
  await page.goto('/users');
  await row(page, email)
    .getByRole('button', { name: `Disable ${email}` })
    .click();
  await page.getByRole('dialog').getByRole('button', { name: 'Disable user' }).click();
  await expect(page.getByTestId('notice')).toContainText(`User ${email} disabled`);
  await expect(row(page, email).getByTestId('user-disabled')).toBeVisible();
  await expect(row(page, email).getByTestId('user-sessions')).toHaveText('0');

  await dora.reload();
  await expect(dora).toHaveURL(/\/sign-in/);
  // The right password does not help a disabled user, and the form says why.
  await dora.getByLabel('Email').fill(email);
  await dora.getByLabel('Password').fill(password);
  await dora.getByRole('button', { name: 'Sign in' }).click();
  await expect(dora.getByRole('alert').filter({ hasText: /\S/ })).toHaveText(/this user is disabled/);
  expect(await signInAs(dora, email, password)).toBe(401);

  await row(page, email)
    .getByRole('button', { name: `Enable ${email}` })
    .click();
  await page.getByRole('dialog').getByRole('button', { name: 'Enable user' }).click();
  await expect(row(page, email).getByTestId('user-disabled')).toHaveCount(0);
  expect(await signInAs(dora, email, password)).toBe(200);

  await row(page, email)
    .getByRole('button', { name: `Reset password ${email}` })
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Generate new password' }).click();
  const secret = dialog.getByTestId('generated-password');
  await expect(secret).toHaveText(/^\S{12,}$/);
  const generated = await secret.innerText();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(row(page, email).getByTestId('user-must-change')).toBeVisible();
  await expect(row(page, email).getByTestId('user-sessions')).toHaveText('0');

  // The reset signed them out, the old password no longer works and the new one must be replaced.
  await dora.goto('/domains');
  await expect(dora).toHaveURL(/\/sign-in/);
  expect(await signInAs(dora, email, password)).toBe(401);
  await signInThroughForm(dora, email, generated);
  await expect(dora.getByTestId('must-change-password')).toBeVisible();
  password = generated;
});

test('sign out everywhere ends every session of a user and says how many', async ({ page, browser }) => {
  const first = await freshPage(browser);
  const second = await freshPage(browser);
  expect(await signInAs(first, email, password)).toBe(200);
  expect(await signInAs(second, email, password)).toBe(200);

  await signIn(page, 'admin');
  await page.goto('/users');
  await page.getByLabel('Search users').fill('e2e-dora-');
  await expect(page.getByTestId('user-row')).toHaveCount(1);
  // Two new ones, plus the form sign-in from the previous test.
  await expect(row(page, email).getByTestId('user-sessions')).toHaveText('3');
  await row(page, email)
    .getByRole('button', { name: `Sign out everywhere ${email}` })
    .click();
  await page.getByRole('dialog').getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page.getByTestId('notice')).toContainText(`Signed ${email} out everywhere: 3 sessions ended.`);
  await expect(row(page, email).getByTestId('user-sessions')).toHaveText('0');
  for (const p of [first, second]) {
    await p.goto('/domains');
    await expect(p).toHaveURL(/\/sign-in/);
  }
});

test('operators and auditors see the users, read-only', async ({ page }) => {
  for (const who of ['operator', 'auditor'] as const) {
    await page.context().clearCookies();
    await signIn(page, who);
    await page.goto('/nodes');
    await page.getByRole('navigation').getByRole('link', { name: 'Users' }).click();
    await expect(page).toHaveURL(/\/users$/);
    await expect(row(page, readState().users.admin.email).getByTestId('user-role')).toHaveText('Server administrator');
    await expect(row(page, email)).toBeVisible();
    await expect(page.getByRole('button', { name: 'New user' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^(Edit|Disable|Reset password)/ })).toHaveCount(0);
    const created = await trpcCall(
      page.request,
      'users.create',
      { email: `e2e-nope-${who}@e2e.test`, name: 'Nope', role: 'AUDITOR', domains: [] },
      'mutation',
    );
    expect(created.status).toBe(403);
  }
});

test('a domain administrator gets no Users link, a forbidden page and a 403 from the API', async ({ page }) => {
  await signIn(page, 'domainAdmin');
  await page.goto('/domains');
  await expect(page.getByTestId('domain-row').first()).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Users' })).toHaveCount(0);
  await page.goto('/users');
  await expect(page.getByTestId('forbidden')).toContainText('Forbidden');
  await expect(page.getByTestId('user-row')).toHaveCount(0);
  expect((await trpcCall(page.request, 'users.list', {}, 'query')).status).toBe(403);
  expect((await trpcCall(page.request, 'users.signOutEverywhere', { id: 'x' }, 'mutation')).status).toBe(403);
});

test('the last active server administrator can neither be demoted nor disable themselves', async ({ page }) => {
  const admin = readState().users.admin.email;
  await signIn(page, 'admin');
  await page.goto('/users');
  // No Disable button on your own row, and your own role is not yours to change…
  await expect(row(page, admin).getByRole('button', { name: `Edit ${admin}` })).toBeVisible();
  await expect(row(page, admin).getByRole('button', { name: `Disable ${admin}` })).toHaveCount(0);
  await row(page, admin)
    .getByRole('button', { name: `Edit ${admin}` })
    .click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Role')).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(row(page, admin).getByTestId('user-role')).toHaveText('Server administrator');

  // …and the server refuses both when asked directly.
  const id = await userId(page, admin);
  const disable = await trpcCall(page.request, 'users.setDisabled', { id, disabled: true }, 'mutation');
  expect(disable.status).toBe(409);
  expect(JSON.stringify(disable.body)).toContain('You cannot disable yourself.');
  const demote = await trpcCall(page.request, 'users.update', { id, role: 'AUDITOR' }, 'mutation');
  expect(demote.status).toBe(409);
});
