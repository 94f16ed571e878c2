import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccountService } from '../src/accounts/service.js';
import type { SessionRow } from '../src/db/schema.js';
import { openDb } from '../src/db/index.js';
import { DEMO, seedDemo } from '../src/demo.js';
import { MINUTE, systemClock } from '../src/lib/clock.js';
import { hashToken, newId, newToken } from '../src/lib/ids.js';
import { hashPassword } from '../src/lib/passwords.js';
import { describeDevice } from '../src/sessions/device.js';
import { locate } from '../src/sessions/geo.js';
import { sessionRow } from '../test/helpers/session-rows.js';
import { expectAccessible, scrollsSideways, signIn, useBrowser } from './helpers.js';

const AGENTS = 1000;
const PLACES = ['81.2.69.160', '85.214.132.117', '8.8.8.8', '200.147.67.142', '193.51.224.1', '10.0.0.1', '133.242.0.1'];
const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** The demo workspace and 1,000 more agents, two in three signed in from several places, written straight to the database file. */
async function seed(dataDir: string): Promise<void> {
  const db = await openDb({ sqlitePath: path.join(dataDir, 'gatehouse.db') });
  try {
    await seedDemo(db, systemClock);
    const accounts = createAccountService(db);
    const workspace = (await accounts.workspaceBySlug(DEMO.workspace))!;
    const passwordHash = await hashPassword(DEMO.password);
    const now = Date.now();
    const where = new Map(await Promise.all(PLACES.map(async (ip) => [ip, await locate(ip)] as const)));
    const device = describeDevice(UA);
    const rows: SessionRow[] = [];
    for (let i = 0; i < AGENTS; i++) {
      const n = String(i).padStart(4, '0');
      const account = await accounts.createAccount({ workspaceId: workspace.id, role: 'agent', name: `Scale Agent ${n}`, email: `scale${n}@example.com`, passwordHash, now });
      if (i % 3 === 2) continue;
      const ip = PLACES[i % PLACES.length]!;
      const start = now - ((i * 37) % 997) * MINUTE - HOUR_OFFSET;
      rows.push(
        sessionRow(account, {
          id: newId('ses'),
          token_hash: hashToken(newToken()),
          created_at: start,
          last_seen_at: Math.min(now, start + ((i * 13) % 600) * MINUTE),
          ip,
          user_agent: UA,
          browser: device.browser,
          os: device.os,
          device_type: device.deviceType,
          country: where.get(ip)!.country,
          city: where.get(ip)!.city,
        }),
      );
    }
    for (let i = 0; i < rows.length; i += 100) {
      await db.kysely
        .insertInto('sessions')
        .values(rows.slice(i, i + 100))
        .execute();
    }
  } finally {
    await db.close();
  }
}
const HOUR_OFFSET = 5 * MINUTE;

const e2e = useBrowser({}, { prepare: seed });
// 30 s a step (Playwright's own default), not open's 10: a list of a thousand agents is slow to come on a loaded machine.
const open = (size: { width?: number; height?: number } = {}) => e2e.open({ ...size, timeout: 30_000 });
let owner: Page;
let total: number;

const rowsShown = (page: Page) => page.locator('tbody tr[data-account]');
const firstEmails = (page: Page, n: number) => rowsShown(page).evaluateAll((els, k) => els.slice(0, k).map((e) => e.getAttribute('data-account')), n);
/** The first emails the API gives for a sort: the server's order is tested in test/team-sort.test.ts. */
const apiFirst = (page: Page, query: string) =>
  page.evaluate(async (q) => ((await (await fetch(`/api/team/agents?${q}`)).json()) as { accounts: { email: string }[] }).accounts.map((a) => a.email), query);

/** Scrolls the page down until the row of `email` is in the document, as a person scrolling to the end would. */
async function scrollUntil(page: Page, email: string, within = 90_000): Promise<void> {
  const target = page.locator(`tr[data-account="${email}"]`);
  // Pages load as the end nears: keep scrolling while they come, however slowly a loaded
  // machine serves them (a count of tries ran out on one, then waited without scrolling).
  const deadline = Date.now() + within;
  while ((await target.count()) === 0 && Date.now() < deadline) {
    await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
    await page.waitForTimeout(100);
  }
  await target.waitFor({ timeout: 5_000 });
}

beforeAll(async () => {
  owner = await open();
  await signIn(owner, DEMO.owner);
  total = await owner.evaluate(async () => ((await (await fetch('/api/team/agents?limit=1')).json()) as { counts: { all: number } }).counts.all);
});

describe('Team › Agents with 1,000 agents', () => {
  it('sorts by each column, both ways, with the server’s order, from the mouse and the keyboard', async () => {
    expect(total).toBe(AGENTS + 26);
    await owner.goto('/team/agents');
    await rowsShown(owner).first().waitFor();
    expect(await owner.getByRole('table', { name: 'Agents' }).getAttribute('aria-rowcount')).toBe(String(total + 1));
    expect(await firstEmails(owner, 5)).toEqual(await apiFirst(owner, 'limit=5'));
    // Only the rows near the screen are in the document.
    expect(await rowsShown(owner).count()).toBeLessThan(120);

    const columns = [
      ['Name', 'name', ['desc', 'asc']],
      ['Session', 'status', ['asc', 'desc']],
      ['Location', 'location', ['asc', 'desc']],
      ['Signed in', 'signedInAt', ['desc', 'asc']],
      ['Last activity', 'lastActivity', ['desc', 'asc']],
    ] as const;
    for (const [label, sort, orders] of columns) {
      for (const order of orders) {
        const button = owner.getByRole('columnheader', { name: label }).getByRole('button');
        if (sort === 'location') {
          await button.focus();
          await owner.keyboard.press('Enter');
        } else {
          await button.click();
        }
        const want = await apiFirst(owner, `sort=${sort}&order=${order}&limit=5`);
        await expect.poll(() => firstEmails(owner, 5), { timeout: 10_000 }).toEqual(want);
        expect(await owner.getByRole('columnheader', { name: label }).getAttribute('aria-sort')).toBe(order === 'asc' ? 'ascending' : 'descending');
      }
    }
    await expectAccessible(owner);
  });

  it('keeps the sort in the address, so a reload and Back come back to it', async () => {
    await owner.goto('/team/agents');
    await rowsShown(owner).first().waitFor();
    const header = owner.getByRole('columnheader', { name: 'Last activity' });
    await header.getByRole('button').click();
    await owner.waitForURL('**/team/agents?sort=lastActivity&order=desc');
    const want = await apiFirst(owner, 'sort=lastActivity&order=desc&limit=5');
    await expect.poll(() => firstEmails(owner, 5), { timeout: 10_000 }).toEqual(want);

    await owner.reload();
    await rowsShown(owner).first().waitFor();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => firstEmails(owner, 5), { timeout: 10_000 }).toEqual(want);

    await rowsShown(owner).first().locator('.person-link').click();
    await owner.waitForURL(/\/team\/accounts\//);
    await owner.goBack();
    await owner.waitForURL('**/team/agents?sort=lastActivity&order=desc');
    await rowsShown(owner).first().waitFor();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => firstEmails(owner, 5), { timeout: 10_000 }).toEqual(want);
  });

  it('scrolls through all of them to the very last agent, loading pages as it nears the end', async () => {
    await owner.goto('/team/agents');
    await rowsShown(owner).first().waitFor();
    const [last] = await apiFirst(owner, 'order=desc&limit=1');
    await scrollUntil(owner, last!);
    const row = owner.locator(`tr[data-account="${last}"]`);
    expect(await row.getAttribute('aria-rowindex')).toBe(String(total + 1));
    await row.scrollIntoViewIfNeeded();
    expect(await row.isVisible()).toBe(true);
    // The console writes list sizes with the language's digit grouping (en-GB: 1,026).
    await owner
      .getByTestId('list-foot')
      .getByText(`All ${total.toLocaleString('en-GB')} agents`)
      .waitFor();
    // Still a few dozen rows in the document, not a thousand.
    expect(await rowsShown(owner).count()).toBeLessThan(120);
    await expectAccessible(owner);
    // Six pages, each fetched as the end nears; a loaded machine serves them slowly.
  }, 120_000);

  it('keeps loading pages when a reload that began before the last page lands after it', async () => {
    await owner.goto('/team/agents');
    await rowsShown(owner).first().waitFor();
    const loaded = async () => Number(/Select all ([\d,]+)/.exec((await owner.locator('thead .checkbox').getAttribute('aria-label'))!)![1]!.replace(/,/g, ''));
    expect(await loaded()).toBe(200);
    // Hold the first page of every reload for three seconds: the next page, asked for meanwhile,
    // lands before the reload does.
    let asked = 0;
    let answered = 0;
    const firstPage = (url: URL) => url.pathname === '/api/team/agents' && !url.searchParams.has('cursor');
    await owner.route(firstPage, async (route) => {
      asked++;
      await new Promise((r) => setTimeout(r, 3000));
      try {
        await route.continue();
      } catch {
        // The page may have dropped this request while it was held (a newer reload superseded
        // it): Playwright then calls the route handled, and there is nothing left to answer.
      } finally {
        answered++;
      }
    });
    // An agent signing in elsewhere is a live event: the list reloads.
    const login = await fetch(`${e2e.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspace: DEMO.workspace, email: 'scale0000@example.com', password: DEMO.password }),
    });
    expect(login.status).toBe(200);
    await expect.poll(() => asked, { timeout: 10_000 }).toBeGreaterThan(0);
    await owner.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
    await expect.poll(loaded, { timeout: 10_000 }).toBe(400);
    // From now on, the fewest rows the list ever shows.
    await owner.evaluate(`(() => {
      window.fewestLoaded = Infinity;
      const note = () => {
        const label = document.querySelector('thead .checkbox')?.getAttribute('aria-label') ?? '';
        const n = Number((/Select all ([\\d,]+)/.exec(label)?.[1] ?? 'NaN').replace(/,/g, ''));
        if (n < window.fewestLoaded) window.fewestLoaded = n;
      };
      new MutationObserver(note).observe(document.querySelector('thead'), { subtree: true, attributes: true, attributeFilter: ['aria-label'] });
    })()`);
    await expect.poll(() => answered, { timeout: 10_000 }).toBe(asked);
    await owner.unroute(firstPage);
    // The reload refreshed both pages, not only the one it knew of when it began: the list never
    // went back to 200 rows. Scrolling on loads the rest.
    await owner.waitForTimeout(1500);
    expect(await owner.evaluate<number>('window.fewestLoaded')).toBeGreaterThanOrEqual(400);
    expect(await loaded()).toBe(400);
    const [last] = await apiFirst(owner, 'order=desc&limit=1');
    await scrollUntil(owner, last!, 30_000);
    expect(await loaded()).toBe(total);
    // No held request outlives the test (the next one navigates this page).
    await expect.poll(() => answered, { timeout: 10_000 }).toBe(asked);
  }, 90_000);

  it('switches to compact rows of about 36 px, remembered after a reload', async () => {
    await owner.goto('/team/agents');
    const first = rowsShown(owner).first();
    await first.waitFor();
    await owner.getByTestId('density-comfortable').click();
    const comfortable = (await first.boundingBox())!.height;
    expect(comfortable).toBeGreaterThan(50);
    await owner.getByTestId('density-compact').click();
    await expect.poll(async () => (await rowsShown(owner).first().boundingBox())!.height).toBeLessThanOrEqual(40);
    const compact = (await rowsShown(owner).first().boundingBox())!.height;
    expect(compact).toBeGreaterThanOrEqual(30);
    await expectAccessible(owner);
    await owner.reload();
    await rowsShown(owner).first().waitFor();
    expect(await owner.getByTestId('density-compact').getAttribute('aria-checked')).toBe('true');
    expect((await rowsShown(owner).first().boundingBox())!.height).toBeLessThanOrEqual(40);
    // Compact shows more rows in the same window.
    await owner.getByTestId('density-comfortable').click();
  });

  it('selects all loaded agents from the header, and ends the sessions of two selected ones', async () => {
    await owner.goto('/team/agents');
    await rowsShown(owner).first().waitFor();
    await owner.getByRole('checkbox', { name: /^Select all \d+ loaded agents$/ }).click();
    const loaded = Number(/Select all (\d+)/.exec((await owner.locator('thead .checkbox').getAttribute('aria-label'))!)![1]);
    expect(loaded).toBeLessThan(total);
    await owner.getByText(`${loaded} selected`).waitFor();
    await owner
      .getByTestId('selection-scope')
      .getByText(`All ${loaded.toLocaleString('en-GB')} loaded agents of ${total.toLocaleString('en-GB')}`)
      .waitFor();
    await owner.getByRole('region', { name: 'Selection' }).getByRole('button', { name: 'Clear' }).click();

    await owner.getByTestId('filter-active').click();
    await expect.poll(() => firstEmails(owner, 2)).toEqual(await apiFirst(owner, 'session=active&limit=2'));
    const [a, b] = await firstEmails(owner, 2);
    await owner.locator(`tr[data-account="${a}"]`).getByRole('checkbox').click();
    await owner.locator(`tr[data-account="${b}"]`).getByRole('checkbox').click();
    await owner.getByTestId('bulk-end').click();
    const dialog = owner.getByRole('dialog');
    await dialog.getByRole('button', { name: 'End sessions (2)' }).click();
    await owner.getByTestId('end-summary').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    for (const email of [a, b]) {
      const found = await owner.evaluate(
        async (e) => ((await (await fetch(`/api/team/agents?q=${encodeURIComponent(e!)}`)).json()) as { accounts: { sessionStatus: string }[] }).accounts[0]!.sessionStatus,
        email,
      );
      expect(found).toBe('none');
    }
    await expect.poll(() => owner.locator(`tr[data-account="${a}"]`).count()).toBe(0);
  });

  it('stacks the rows as cards at 360 px without sideways scrolling, sortable from the header', async () => {
    const phone = await open({ width: 360, height: 740 });
    await signIn(phone, DEMO.owner);
    await phone.goto('/team/agents');
    await rowsShown(phone).first().waitFor();
    expect(await scrollsSideways(phone)).toBe(false);
    // The session filter wraps rather than scrolling sideways inside itself.
    const filter = phone.getByRole('radiogroup', { name: 'Filter by session' });
    expect(await filter.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    // Each card shows the IP and the place of the latest session, labelled.
    const card = phone.locator('tbody tr[data-account]', { has: phone.locator('.status-active') }).first();
    expect(await card.locator('td[data-label="IP address"]').isVisible()).toBe(true);
    await phone.getByRole('columnheader', { name: 'Last activity' }).getByRole('button').click();
    await expect.poll(() => firstEmails(phone, 3)).toEqual(await apiFirst(phone, 'sort=lastActivity&order=desc&limit=3'));
    expect(await scrollsSideways(phone)).toBe(false);
    await expectAccessible(phone);
    await phone.getByTestId('density-compact').click();
    expect(await scrollsSideways(phone)).toBe(false);
    await phone.context().close();
  });
});
