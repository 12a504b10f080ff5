import { expect, test } from '@playwright/test';

import { readState } from '../support/state';

test.describe('[AUTH]', () => {
  test('an anonymous visitor is sent to sign-in, and the API answers 401', async ({ page, request }) => {
    await page.goto('/nodes');
    await expect(page).toHaveURL(/\/sign-in/);
    const res = await request.get('/api/trpc/nodes.list?input=' + encodeURIComponent(JSON.stringify({ json: {} })));
    expect(res.status()).toBe(401);
  });

  test('a wrong password is refused with a clear message', async ({ page }) => {
    const { users } = readState();
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(users.admin.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toContainText(/invalid email or password/i);
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('the administrator signs in through the form and out again', async ({ page }) => {
    const { users } = readState();
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(users.admin.email);
    await page.getByLabel('Password').fill(users.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Cluster', exact: true })).toBeVisible();
    await expect(page.getByTestId('current-user')).toContainText('Server administrator');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto('/nodes');
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('[SECURITY] after sign-in, ?next= only ever leads to a page of this console', async ({ page, baseURL }) => {
    const { users } = readState();
    const onConsole = (path: string) => new URL(path, baseURL).href;
    // Through the form (the browser navigates to `next` itself)…
    await page.goto('/sign-in?next=/%5Cevil.example/x');
    await page.getByLabel('Email').fill(users.auditor.email);
    await page.getByLabel('Password').fill(users.auditor.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Cluster', exact: true })).toBeVisible();
    expect(page.url()).toBe(onConsole('/'));
    // …and signed in already (the server redirects).
    for (const next of ['//evil.example/x', '/%5C/evil.example', '/%09/evil.example', 'javascript:alert(1)']) {
      await page.goto(`/sign-in?next=${next}`);
      await expect(page).toHaveURL(onConsole('/'));
    }
    await page.goto('/sign-in?next=/audit%3Fq%3Dx');
    await expect(page).toHaveURL(onConsole('/audit?q=x'));
  });
});
