// The console's static assets come from the repository's top-level public/: favicon, logo and a
// robots.txt that keeps search engines out of an admin console.
import { expect, test } from '@playwright/test';

test('favicon, logo and robots.txt are served, and pages link the favicon', async ({ page, request }) => {
  for (const [file, type] of [
    ['/favicon.svg', 'image/svg+xml'],
    ['/logo.svg', 'image/svg+xml'],
    ['/robots.txt', 'text/plain'],
  ] as const) {
    const res = await request.get(file);
    expect(res.status(), file).toBe(200);
    expect(res.headers()['content-type'], file).toContain(type);
  }
  expect(await (await request.get('/robots.txt')).text()).toContain('Disallow: /');

  await page.goto('/sign-in');
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', /\/favicon\.svg/);
  const icon = await page.request.get((await page.locator('link[rel="icon"]').getAttribute('href')) ?? '');
  expect(icon.status()).toBe(200);
});
