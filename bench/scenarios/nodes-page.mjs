// The nodes page in Chromium with every node registered (BENCH_NODES). First render: from the start
// of the navigation (a fresh browser context each time: no cache, as on a first visit) until the first
// row of the table is visible; measured with the site's renderer process already started and, for
// comparison, without. Smooth scrolling: at 500 rows a page, the table is scrolled to the bottom
// three rows per animation frame while the live stream keeps updating it; every frame's interval is
// a sample, and the rows in the DOM are counted (the table is virtualised: only those on screen exist).
/* global document, requestAnimationFrame -- the functions passed to page.evaluate run in the browser */
import { chromium } from 'playwright-core';

export const name = 'nodes-page';
export const description = 'nodes page in Chromium: first row visible after navigation; scrolling 500 rows';

const ROUNDS = Number(process.env.BENCH_PAGE_ROUNDS ?? 10);
const ROW = '[data-testid="node-row"]';

export async function run({ baseURL, api, nodes, log }) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  try {
    const open = async () => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await context.addCookies(api.cookies.map((c) => ({ ...c, url: baseURL })));
      return { context, page: await context.newPage() };
    };
    // `warm`: the page first opens a tiny JSON answer of the console (nothing the nodes page loads), so
    // the browser has started its renderer process for the site before the clock starts. On a user's
    // machine that costs the user's own CPU; here it competes with the console for the same 2 cores
    // and delayed the console's first byte by 400-800 ms.
    const firstRow = async ({ warm }) => {
      const { context, page } = await open();
      try {
        if (warm) await page.goto(`${baseURL}/api/health`);
        const t = performance.now();
        await page.goto(`${baseURL}/nodes`, { waitUntil: 'commit' });
        await page.locator(ROW).first().waitFor({ state: 'visible', timeout: 30_000 });
        return performance.now() - t;
      } finally {
        await context.close();
      }
    };
    // The server's first request of a route loads its code: not a user's first render, so not counted.
    await firstRow({ warm: false });
    const render = [];
    const cold = [];
    for (let i = 0; i < ROUNDS; i++) {
      render.push(await firstRow({ warm: true }));
      cold.push(await firstRow({ warm: false }));
    }

    const { context, page } = await open();
    let scroll;
    try {
      await page.goto(`${baseURL}/nodes`);
      // Hydrated and streaming: the live indicator is set by the page's own script.
      await page.locator('[data-testid="live-status"][data-status="live"]').waitFor();
      await page.getByLabel('Rows per page').selectOption('500');
      // The previous page stays on screen while the larger one loads: wait for its height.
      const rows = Math.min(500, nodes);
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid="nodes-scroll"]').scrollHeight >= n * 36,
        rows,
      );
      scroll = await page.evaluate(scrollToBottom, ROW);
    } finally {
      await context.close();
    }
    log(`nodes-page: scrolled ${scroll.rows} rows in ${scroll.frames.length} frames, last row ${scroll.lastRow}`);
    if (scroll.lastRow === null) throw new Error('the last row never appeared while scrolling');
    return [
      {
        metric: `first row visible after navigation, ${nodes} nodes (page of 100), no HTTP cache`,
        unit: 'ms',
        samples: render,
        // Issue 22's target (was 1,500 for the first version of the page).
        target: 'p95 ≤ 1,000',
        check: { stat: 'p95', max: 1000 },
      },
      {
        metric: 'same, brand-new browser context (its renderer process starts on the same 2 cores)',
        unit: 'ms',
        samples: cold,
      },
      {
        metric: 'frame interval scrolling a page of 500 rows, 3 rows a frame, live updates on',
        unit: 'ms',
        samples: scroll.frames,
        target: 'p95 ≤ 2 frames at 60 Hz (34 ms, 30 fps or better)',
        check: { stat: 'p95', max: 34 },
      },
      {
        metric: 'table rows in the DOM while scrolling a page of 500',
        unit: 'rows',
        samples: scroll.domRows,
        target: 'virtualised: ≤ 60',
        check: { stat: 'max', max: 60 },
      },
    ];
  } finally {
    await browser.close();
  }
}

/** Runs in the page: scrolls the table to its end one animation frame at a time. */
function scrollToBottom(rowSelector) {
  const el = document.querySelector('[data-testid="nodes-scroll"]');
  const frames = [];
  const domRows = [];
  let last = 0;
  return new Promise((resolve) => {
    const step = (t) => {
      if (last) frames.push(t - last);
      last = t;
      const rows = el.querySelectorAll(rowSelector);
      domRows.push(rows.length);
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1 || frames.length > 2000) {
        const end = rows[rows.length - 1];
        resolve({ frames, domRows, rows: Math.round(el.scrollHeight / 36), lastRow: end?.dataset.nodeName ?? null });
        return;
      }
      el.scrollTop += 3 * 36;
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
}
