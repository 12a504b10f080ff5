import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from '@playwright/test';

import { freePort, spawnConsole, stopProcess, waitForHealth } from '../../scripts/lib/cluster.mjs';

import { createFreshDatabase, dropDatabase } from '../support/database';
import { signIn, trpcCall } from '../support/fixtures';
import { readState } from '../support/state';

type Family = { family: string; version: number; settings: Array<{ key: string; value: unknown; own?: unknown }> };

async function clusterDefaults(request: APIRequestContext): Promise<Family[]> {
  const res = await trpcCall(request, 'settings.clusterDefaults', {}, 'query');
  expect(res.status).toBe(200);
  return (res.body as { result: { data: { json: Family[] } } }).result.data.json;
}

function prefsChange(families: Family[], messagesPerPage: number | null) {
  const prefs = families.find((f) => f.family === 'prefs')!;
  return { family: 'prefs', expectedVersion: prefs.version, changes: { messagesPerPage } };
}

test.describe('[SECURITY] cross-site request forgery', () => {
  test('a state-changing API call from another site is refused and changes nothing', async ({ page }) => {
    const { baseURL } = readState();
    await signIn(page, 'admin');
    const before = await clusterDefaults(page.request);
    const data = { json: prefsChange(before, 42) };
    const url = '/api/trpc/settings.updateClusterDefaults';

    // The admin's session cookie goes along every time: only where the request came from differs.
    for (const headers of [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
    ] as Array<Record<string, string>>) {
      const res = await page.request.post(url, { data, headers });
      expect(res.status(), JSON.stringify(headers)).toBe(403);
      expect(await res.text()).toContain('Cross-site request refused');
    }
    // better-auth's own routes are covered too: no signing a victim in to an attacker's account.
    const signInRes = await page.request.post('/api/auth/sign-in/email', {
      data: readState().users.admin,
      headers: { origin: 'https://evil.example' },
    });
    expect(signInRes.status()).toBe(403);
    expect(await clusterDefaults(page.request)).toEqual(before);

    // The same call from the console's own origin goes through; then it is put back.
    const own = await page.request.post(url, { data, headers: { origin: baseURL, 'sec-fetch-site': 'same-origin' } });
    expect(own.status(), await own.text()).toBe(200);
    const changed = await clusterDefaults(page.request);
    const prefsSetting = (f: Family[]) =>
      f.find((x) => x.family === 'prefs')!.settings.find((s) => s.key === 'messagesPerPage');
    expect(prefsSetting(changed)?.value).toBe(42);
    const previous = prefsSetting(before)?.own;
    const revert = await trpcCall(
      page.request,
      'settings.updateClusterDefaults',
      prefsChange(changed, typeof previous === 'number' ? previous : null),
      'mutation',
    );
    expect(revert.status).toBe(200);
    expect(prefsSetting(await clusterDefaults(page.request))?.own).toEqual(previous);
  });
});

test.describe('[SECURITY] response headers and cookies', () => {
  test('pages carry a nonce-based strict-dynamic CSP (a fresh nonce each time) and refuse framing', async ({
    page,
  }) => {
    for (const pathname of ['/sign-in', '/nodes']) {
      if (pathname === '/nodes') await signIn(page, 'admin');
      const nonces: string[] = [];
      for (let i = 0; i < 2; i++) {
        const res = await page.request.get(pathname);
        expect(res.status()).toBe(200);
        const csp = res.headers()['content-security-policy'] ?? '';
        expect(csp).toContain("'strict-dynamic'");
        expect(csp).toContain("object-src 'none'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
        const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
        expect(nonce, csp).toBeTruthy();
        nonces.push(nonce!);
        expect(res.headers()['x-frame-options']).toBe('DENY');
        expect(res.headers()['x-content-type-options']).toBe('nosniff');
        // Every script Next.js emits carries this response's nonce; none could run otherwise.
        const html = await res.text();
        const scripts = html.match(/<script\b[^>]*>/g) ?? [];
        expect(scripts.length).toBeGreaterThan(0);
        expect(scripts.filter((s) => !s.includes(`nonce="${nonce}"`))).toEqual([]);
      }
      expect(nonces[0]).not.toBe(nonces[1]);
    }
  });

  test('the session cookie is HttpOnly and SameSite=Lax', async ({ page }) => {
    const { users, baseURL } = readState();
    const res = await page.request.post('/api/auth/sign-in/email', {
      data: users.auditor,
      headers: { origin: baseURL },
    });
    expect(res.status()).toBe(200);
    const cookie = res
      .headersArray()
      .filter((h) => h.name.toLowerCase() === 'set-cookie')
      .map((h) => h.value)
      .find((v) => v.startsWith('cc.session_token='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    const stored = (await page.context().cookies()).find((c) => c.name === 'cc.session_token');
    expect(stored).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  });
});

test.describe('[SECURITY] pages run under the CSP', () => {
  test('nodes, domains, settings and sizing render and hydrate with no policy violation', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) violations.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (e) => violations.push(`pageerror: ${e.message}`));
    // Reported by the browser itself, including violations that log nothing.
    await page.exposeFunction('reportCspViolation', (v: string) => violations.push(`event: ${v}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        const report = (window as unknown as { reportCspViolation: (v: string) => void }).reportCspViolation;
        report(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
      });
    });
    await signIn(page, 'admin');

    // Each check needs client-side JavaScript: data fetched by the browser, or a chart measured there.
    const checks: Array<[string, (p: Page) => Promise<void>]> = [
      ['/nodes', (p) => expect(p.getByTestId('node-row').first()).toBeVisible()],
      ['/domains', (p) => expect(p.getByTestId('domain-row').first()).toBeVisible()],
      ['/settings', (p) => expect(p.getByTestId('defaults-prefs').getByLabel('Messages per page')).toBeVisible()],
      ['/sizing', (p) => expect(p.getByTestId('capacity-chart').locator('svg.recharts-surface').first()).toBeVisible()],
      ['/users', (p) => expect(p.getByTestId('user-row').first()).toBeVisible()],
      ['/account', (p) => expect(p.getByTestId('me-email')).toBeVisible()],
    ];
    for (const [pathname, check] of checks) {
      await page.goto(pathname);
      await check(page);
    }
    // A client-side navigation too (the router fetches RSC payloads and chunks after load).
    await page.getByRole('navigation').getByRole('link', { name: 'Domains' }).click();
    await expect(page.getByTestId('domain-row').first()).toBeVisible();
    expect(violations).toEqual([]);
  });
});

/**
 * The shared e2e console allows 1,000 sign-ins a minute (CC_SIGNIN_PER_MINUTE) so the other specs can
 * sign in freely; this one starts its own console, on its own database, with the limit at 3.
 */
test.describe('[SECURITY] brute-force sign-in is throttled', () => {
  test.describe.configure({ mode: 'serial' });
  const admin = { email: 'admin@throttle.test', password: 'throttle-password-0123456789' };
  const LIMIT = 3;
  let server: { baseURL: string; pid: number; dataDir: string; databaseUrl: string | null } | null = null;
  let api: APIRequestContext;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-e2e-throttle-'));
    const database = await createFreshDatabase();
    const log = fs.createWriteStream(path.join(dataDir, 'console.log'));
    const child = spawnConsole({
      port,
      env: {
        CC_DATA_DIR: dataDir,
        CC_ADMIN_EMAIL: admin.email,
        CC_ADMIN_PASSWORD: admin.password,
        CC_SIGNIN_PER_MINUTE: String(LIMIT),
        // Per account, whatever address the attempts claim (the limit above is per client address).
        CC_SIGNIN_FAILURES_PER_ACCOUNT: String(LIMIT + 1),
        CC_COLLECTOR: 'off',
        CC_RECONCILER: 'off',
        ...(database ? { DATABASE_URL: database.url } : {}),
      },
      log: (line: string) => log.write(`${line}\n`),
    });
    const baseURL = `http://127.0.0.1:${port}`;
    server = { baseURL, pid: child.pid!, dataDir, databaseUrl: database?.url ?? null };
    await waitForHealth(baseURL, { child });
    api = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  });

  test.afterAll(async () => {
    await api?.dispose();
    if (!server) return;
    await stopProcess(server.pid);
    if (server.databaseUrl) await dropDatabase(server.databaseUrl);
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  });

  test('wrong passwords get 429 once the limit is reached, and then so does the right one', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) {
      const res = await api.post('/api/auth/sign-in/email', {
        data: { email: admin.email, password: `guess-number-${i}-wrong` },
      });
      statuses.push(res.status());
      if (res.status() === 429) {
        const retryAfter = Number(res.headers()['x-retry-after']);
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(60);
      }
    }
    expect(statuses).toEqual([...Array<number>(LIMIT).fill(401), 429]);
    const right = await api.post('/api/auth/sign-in/email', { data: admin });
    expect(right.status()).toBe(429);
  });

  test('the sign-in form says the attempts are throttled and how long to wait', async ({ browser }) => {
    const context = await browser.newContext({ baseURL: server!.baseURL });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveText(
      /^Too many sign-in attempts; wait (\d+ seconds?|a minute) and try again\.$/,
    );
    await expect(page).toHaveURL(/\/sign-in/);
    await context.close();
  });

  test('a form-encoded or multipart sign-in is refused, not evaluated past the limit', async () => {
    const form = await api.post('/api/auth/sign-in/email', { form: admin });
    expect(form.status()).toBe(415);
    const multipart = await api.post('/api/auth/sign-in/email', { multipart: admin });
    expect(multipart.status()).toBe(415);
  });

  test('a made-up X-Forwarded-For header does not buy a fresh budget for the same account', async () => {
    // Without CC_TRUSTED_PROXIES the header is ignored (the socket's address counts), and the
    // per-account limit counts failed sign-ins of the account from the audit log whatever the address.
    for (const address of ['198.51.100.23', '198.51.100.24']) {
      const wrong = await api.post('/api/auth/sign-in/email', {
        data: { email: admin.email, password: 'another-wrong-guess' },
        headers: { 'x-forwarded-for': address },
      });
      expect(wrong.status()).toBe(429);
      const right = await api.post('/api/auth/sign-in/email', { data: admin, headers: { 'x-forwarded-for': address } });
      expect(right.status()).toBe(429);
      expect(((await right.json()) as { message?: string }).message).toMatch(
        /Too many failed sign-ins for this account/,
      );
    }
  });
});
