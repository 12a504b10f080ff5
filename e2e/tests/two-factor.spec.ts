import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';

import { totp } from '../../packages/auth/src/testing/totp';
import { signIn, trpcCall } from '../support/fixtures';
import { readState } from '../support/state';

// Two-factor sign-in from a user's first setup to a server administrator resetting it. The one user
// here is created by this spec (no other spec signs in as it) and disabled again at the end.

test.describe.configure({ mode: 'serial' });

const email = `e2e-totp-${Date.now().toString(36)}@e2e.test`;
const password = `e2e-totp-${Date.now()}-password`;
let userId = '';
let secret = '';
let backupCodes: string[] = [];
const contexts: BrowserContext[] = [];

/** A separate browser (own cookies), as the user would use. */
async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: readState().baseURL });
  contexts.push(context);
  return context.newPage();
}

/** A code the app showed ten minutes ago: wrong now (and not one of the codes accepted around now). */
function staleCode(): string {
  const now = Date.now();
  const accepted = [-30_000, 0, 30_000].map((d) => totp(secret, now + d));
  for (let minutes = 10; ; minutes++) {
    const code = totp(secret, now - minutes * 60_000);
    if (!accepted.includes(code)) return code;
  }
}

async function passwordStep(page: Page) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('second-factor')).toBeVisible();
}

const alert = (page: Page) => page.getByRole('alert').filter({ hasText: /\S/ });
const signedInAs = (page: Page) => expect(page.getByTestId('current-user')).toContainText(email);
const meStatus = async (page: Page) => (await trpcCall(page.request, 'me.get', undefined, 'query')).status;

test.beforeAll(async ({ browser }) => {
  const page = await freshPage(browser);
  await signIn(page, 'admin');
  const res = await trpcCall(
    page.request,
    'users.create',
    { email, name: 'Tom Totp', role: 'AUDITOR', domains: [], password: `${password}-initial` },
    'mutation',
  );
  expect(res.status).toBe(200);
  userId = (res.body as { result: { data: { json: { id: string } } } }).result.data.json.id;
  // A password an administrator set must be replaced before anything else is open to the user.
  const user = await freshPage(browser);
  const signedIn = await user.request.post('/api/auth/sign-in/email', {
    data: { email, password: `${password}-initial` },
    headers: { origin: readState().baseURL },
  });
  expect(signedIn.status()).toBe(200);
  const changed = await trpcCall(
    user.request,
    'me.changePassword',
    { currentPassword: `${password}-initial`, newPassword: password },
    'mutation',
  );
  expect(changed.status).toBe(200);
});

test.afterAll(async ({ browser }) => {
  for (const c of contexts) await c.close();
  const page = await (await browser.newContext({ baseURL: readState().baseURL })).newPage();
  await signIn(page, 'admin');
  if (userId) await trpcCall(page.request, 'users.setDisabled', { id: userId, disabled: true }, 'mutation');
  await page.context().close();
});

test('[2FA]: a user turns two-factor on from the account page with a QR code and a first code', async ({ browser }) => {
  const page = await freshPage(browser);
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (/content security policy/i.test(m.text())) cspViolations.push(m.text());
  });
  const res = await page.request.post('/api/auth/sign-in/email', {
    data: { email, password },
    headers: { origin: readState().baseURL },
  });
  expect(res.status()).toBe(200);
  await page.goto('/account');
  const panel = page.getByTestId('two-factor');
  await expect(panel.getByTestId('two-factor-status')).toHaveAttribute('data-enabled', 'false');

  await panel.getByRole('button', { name: 'Turn on two-factor' }).click();
  await panel.getByLabel('Your password').fill('not-my-password-at-all');
  await panel.getByRole('button', { name: 'Continue' }).click();
  await expect(panel.getByTestId('field-error-password')).toHaveText('That is not your password.');
  await panel.getByLabel('Your password').fill(password);
  await panel.getByRole('button', { name: 'Continue' }).click();

  // The QR code is an SVG in an <img> data: URL, which the console's CSP allows: it really renders.
  const qr = panel.getByTestId('two-factor-qr');
  await expect(qr).toHaveAttribute('src', /^data:image\/svg\+xml/);
  await expect
    .poll(() => qr.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)))
    .toBeGreaterThan(0);
  secret = (await panel.getByTestId('two-factor-secret').innerText()).replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32,}$/);

  await panel.getByLabel('Code from the app').fill(staleCode());
  await panel.getByRole('button', { name: 'Verify and turn on' }).click();
  await expect(panel.getByTestId('field-error-code')).toContainText('That code is not right');
  await expect(panel.getByTestId('two-factor-enabled')).toHaveCount(0);

  await panel.getByLabel('Code from the app').fill(totp(secret));
  await panel.getByRole('button', { name: 'Verify and turn on' }).click();
  await expect(panel.getByTestId('two-factor-enabled')).toHaveText('Two-factor sign-in is on.');
  const codes = panel.getByTestId('backup-code');
  await expect(codes).toHaveCount(10);
  backupCodes = await codes.allInnerTexts();
  await expect(panel.getByTestId('backup-codes')).toContainText('shown only this once');
  await panel.getByRole('button', { name: 'I have stored them' }).click();
  await expect(panel.getByTestId('backup-codes')).toHaveCount(0);
  await expect(panel.getByTestId('two-factor-status')).toHaveAttribute('data-enabled', 'true');
  // Still signed in here (better-auth replaced the session when two-factor came on).
  await page.reload();
  await expect(panel.getByTestId('two-factor-status')).toHaveAttribute('data-enabled', 'true');
  expect(cspViolations).toEqual([]);

  // Neither the secret nor a backup code comes back from the API afterwards.
  const me = JSON.stringify((await trpcCall(page.request, 'me.get', undefined, 'query')).body);
  expect(me).toContain('"twoFactorEnabled":true');
  for (const s of [secret, ...backupCodes]) expect(me).not.toContain(s);
});

test('[2FA]: sign-in asks for the code after the password; a wrong code gives no session', async ({ browser }) => {
  const page = await freshPage(browser);
  await passwordStep(page);
  // The password alone gave no session.
  expect(await meStatus(page)).toBe(401);
  await expect(page.getByText('Enter the 6-digit code from your authenticator app.')).toBeVisible();

  await page.getByLabel('Authentication code').fill(staleCode());
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(alert(page)).toContainText('That code is not right');
  expect(await meStatus(page)).toBe(401);

  await page.getByLabel('Authentication code').fill(totp(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  // Signed in: the home dashboard.
  await expect(page).toHaveURL(/^https?:\/\/[^/]+\/$/);
  await signedInAs(page);
  expect(await meStatus(page)).toBe(200);

  // The API answers the same: the password step alone is no sign-in.
  const api = await freshPage(browser);
  const res = await api.request.post('/api/auth/sign-in/email', {
    data: { email, password },
    headers: { origin: readState().baseURL },
  });
  expect(await res.json()).toEqual({ twoFactorRedirect: true, twoFactorMethods: ['totp'] });
  expect(await meStatus(api)).toBe(401);
});

test('[2FA]: a backup code signs in once', async ({ browser }) => {
  const page = await freshPage(browser);
  await passwordStep(page);
  await page.getByRole('button', { name: 'Use a backup code' }).click();
  await page.getByLabel('Backup code').fill(backupCodes[0]!);
  await page.getByRole('button', { name: 'Verify' }).click();
  await signedInAs(page);

  const again = await freshPage(browser);
  await passwordStep(again);
  await again.getByRole('button', { name: 'Use a backup code' }).click();
  await again.getByLabel('Backup code').fill(backupCodes[0]!);
  await again.getByRole('button', { name: 'Verify' }).click();
  await expect(alert(again)).toContainText('That backup code is not right, or it has been used already.');
  expect(await meStatus(again)).toBe(401);
});

test('[2FA][ADMIN]: the users page shows who uses two-factor; an administrator resets it, on record', async ({
  browser,
}) => {
  const page = await freshPage(browser);
  await signIn(page, 'admin');
  await page.goto('/users');
  await page.getByLabel('Search users').fill(email);
  const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  await expect(row.getByTestId('user-2fa')).toHaveText('On');
  const admin = readState().users.admin.email;
  await expect(
    page.locator(`[data-testid="user-row"][data-email="${admin}"]`).getByRole('button', { name: /^Reset two-factor/ }),
  ).toHaveCount(0);

  await row.getByRole('button', { name: `Reset two-factor ${email}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Turn off two-factor' }).click();
  await expect(page.getByTestId('notice')).toContainText(`Two-factor sign-in of ${email} turned off`);
  await expect(row.getByTestId('user-2fa')).toHaveText('Off');
  await expect(row.getByRole('button', { name: `Reset two-factor ${email}` })).toHaveCount(0);

  // The password alone signs in again.
  const user = await freshPage(browser);
  await user.goto('/sign-in');
  await user.getByLabel('Email').fill(email);
  await user.getByLabel('Password').fill(password);
  await user.getByRole('button', { name: 'Sign in' }).click();
  await signedInAs(user);

  // Everything above is in the audit log (the export has the values), and no code or secret is.
  const exported = await page.request.get(`/api/audit/export?format=jsonl&target=${encodeURIComponent(email)}`);
  expect(exported.status()).toBe(200);
  const entries = (await exported.text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { action: string; outcome: string; after: unknown; error: string | null });
  const seen = new Set(entries.map((e) => `${e.action} ${e.outcome}`));
  for (const expected of [
    'auth.two-factor.setup FAILURE',
    'auth.two-factor.setup SUCCESS',
    'auth.two-factor.enable SUCCESS',
    'auth.sign-in STARTED',
    'auth.sign-in FAILURE',
    'auth.sign-in SUCCESS',
    'users.resetTwoFactor SUCCESS',
  ]) {
    expect(seen, expected).toContain(expected);
  }
  const factors = entries.filter((e) => e.action === 'auth.sign-in' && e.outcome === 'SUCCESS').map((e) => e.after);
  expect(factors).toContainEqual({ secondFactor: 'totp' });
  expect(factors).toContainEqual({ secondFactor: 'backup-code' });
  expect(entries.filter((e) => e.action === 'auth.sign-in').map((e) => e.error)).toContain(
    'backup code: Invalid backup code',
  );
  const text = JSON.stringify(entries);
  for (const s of [secret, ...backupCodes]) expect(text).not.toContain(s);
});
