import { describe, expect, it } from 'vitest';

import { crossSiteRefusal } from './cross-site';

const ORIGIN = 'http://127.0.0.1:3000';

describe('crossSiteRefusal', () => {
  it('refuses a state-changing request from another site with a 403 naming why', async () => {
    const cases: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of cases) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const res = crossSiteRefusal(method, new Headers(headers), ORIGIN);
        expect(res?.status, `${method} ${JSON.stringify(headers)}`).toBe(403);
        expect(await res!.text()).toContain('Cross-site request refused');
      }
    }
  });

  it('lets reads and same-origin changes through', () => {
    expect(crossSiteRefusal('GET', new Headers({ origin: 'https://evil.example' }), ORIGIN)).toBeNull();
    expect(crossSiteRefusal('POST', new Headers({ origin: ORIGIN }), ORIGIN)).toBeNull();
    expect(crossSiteRefusal('POST', new Headers({ 'sec-fetch-site': 'same-origin' }), ORIGIN)).toBeNull();
  });
});
