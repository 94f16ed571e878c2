import { Secret, TOTP } from 'otpauth';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, expectAccessible, focused, scrollsSideways, shoot, signIn, useBrowser } from './helpers.js';

// Settings › Security › Active sessions as a page of its own (issue 15): filters by place, device
// and how a session was authenticated, done by the server; new-device badges and country flags;
// a session's detail with its history, and End. Against a real demo server in Chromium.

const OWNER = 'owner@example.com'; // Olivia Grant, primary administrator
const LIAM = 'liam.walsh@example.com'; // agent with demo sessions on other devices
const MAYA = 'maya.chen@example.com'; // agent
const ANA = 'ana.souza@example.com'; // agent with no active session, one ended by the owner

const { open } = useBrowser();
let owner: Page;

const rows = (page: Page) => page.locator('table[aria-label="Active sessions"] tbody tr');
const rowTexts = (page: Page) => rows(page).allInnerTexts();
/** Waits until the list has settled on what the filters ask for. */
const settled = (page: Page) => expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);

beforeAll(async () => {
  owner = await open();
  await signIn(owner, OWNER);

  // Liam signs in from this browser, which none of his earlier sessions used: a new device.
  await signIn(await open(), LIAM);

  // Maya sets up an authenticator app, then signs in elsewhere with a recovery code.
  const maya = await open();
  await signIn(maya, MAYA);
  const key = await maya.evaluate(async () => {
    const res = await fetch('/api/me/second-factor/totp', { method: 'POST' });
    return ((await res.json()) as { secret: string }).secret;
  });
  const code = new TOTP({ secret: Secret.fromBase32(key), algorithm: 'SHA1', digits: 6, period: 30 }).generate();
  const codes = await maya.evaluate(async (code) => {
    const res = await fetch('/api/me/second-factor/totp/confirm', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    return ((await res.json()) as { recoveryCodes: string[] }).recoveryCodes;
  }, code);
  const elsewhere = await open();
  await elsewhere.goto('/sign-in');
  const started = await elsewhere.evaluate(
    async ({ email, password, recoveryCode }) => {
      const post = (url: string, body: unknown) =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
      const { challenge } = (await post('/api/auth/login', { workspace: 'demo', email, password })) as { challenge: string };
      return post('/api/auth/login/second-factor', { challenge, recoveryCode });
    },
    { email: MAYA, password: DEMO_PASSWORD, recoveryCode: codes[0]! },
  );
  expect(started).toMatchObject({ session: { authMethod: 'recovery_code' } });
});

describe('Active sessions, a page of its own', () => {
  it('is reached from Settings › Security and filters by location, device and method on the server', async () => {
    await owner.goto('/settings/security');
    await owner.getByTestId('active-sessions-link').click();
    await owner.waitForURL('**/settings/security/sessions');
    await owner.getByRole('heading', { level: 1, name: 'Active sessions' }).waitFor();
    expect(await owner.title()).toBe('Active sessions · Gatehouse');
    await owner.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Security' }).waitFor();
    await rows(owner).first().waitFor();
    // The search box shows its whole placeholder ("Filter by name, email, IP, place").
    const placeholderFits = await owner.getByLabel('Filter sessions by name, email, IP or location').evaluate((el) => {
      type Input = { placeholder: string; clientWidth: number };
      type Doc = { createElement(tag: 'canvas'): { getContext(kind: '2d'): { font: string; measureText(text: string): { width: number } } } };
      type Win = { getComputedStyle(e: unknown): { font: string; paddingLeft: string; paddingRight: string } };
      const input = el as unknown as Input;
      const style = (globalThis as unknown as Win).getComputedStyle(el);
      const context = (globalThis as unknown as { document: Doc }).document.createElement('canvas').getContext('2d');
      context.font = style.font;
      return context.measureText(input.placeholder).width <= input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    });
    expect(placeholderFits).toBe(true);
    const all = await rows(owner).count();

    // Location: a country, then one of its cities. Every row is there, with its flag named.
    await owner.getByLabel('Country', { exact: true }).selectOption('DE');
    await settled(owner);
    await expect.poll(async () => (await rowTexts(owner)).every((t) => t.includes('Germany'))).toBe(true);
    const german = await rows(owner).count();
    expect(german).toBeGreaterThan(0);
    expect(german).toBeLessThan(all);
    expect(await owner.getByTestId('sessions-total').innerText()).toBe(String(german));
    const flag = rows(owner).first().getByRole('img', { name: 'Germany' });
    expect(await flag.innerText()).toBe('🇩🇪');
    const city = owner.getByLabel('City', { exact: true });
    expect(await city.isDisabled()).toBe(false);
    await city.selectOption({ index: 1 });
    await settled(owner);
    await expect.poll(async () => (await rowTexts(owner)).every((t) => t.includes('Berlin'))).toBe(true);

    // Device: phones only, then one browser.
    await owner.getByRole('button', { name: 'Clear filters' }).click();
    await owner.getByLabel('Device', { exact: true }).selectOption('mobile');
    await settled(owner);
    await expect.poll(async () => (await rowTexts(owner)).every((t) => /iOS|Android/.test(t))).toBe(true);
    await owner.getByRole('button', { name: 'Clear filters' }).click();
    await owner.getByLabel('Browser', { exact: true }).selectOption('Firefox');
    await settled(owner);
    await expect.poll(async () => (await rowTexts(owner)).every((t) => t.includes('Firefox'))).toBe(true);

    // How the session was authenticated: Maya's recovery-code session, and only it.
    await owner.getByRole('button', { name: 'Clear filters' }).click();
    const method = owner.getByLabel('Signed in with', { exact: true });
    expect(await method.locator('option').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^Password and authenticator app \(\d+\)$/)]));
    await method.selectOption('recovery_code');
    await settled(owner);
    await expect.poll(() => rows(owner).count()).toBe(1);
    expect(await rows(owner).first().getAttribute('data-account')).toBe(MAYA);
    expect(await rows(owner).first().innerText()).toContain('Password and recovery code');

    // The flags as badges, and as a filter.
    await owner.getByRole('button', { name: 'Clear filters' }).click();
    await owner.getByLabel('Flag', { exact: true }).selectOption('new_device');
    const liam = owner.locator(`tr[data-account="${LIAM}"]`, { has: owner.locator('[data-flag="new_device"]') });
    await liam.waitFor();
    await expect.poll(async () => (await rowTexts(owner)).every((t) => t.includes('New device'))).toBe(true);
    expect(await liam.locator('[data-flag="new_device"]').innerText()).toBe('New device');
    await expectAccessible(owner);
    await shoot(owner, 'active-sessions');

    // The search finds addresses and places.
    await owner.getByRole('button', { name: 'Clear filters' }).click();
    const search = owner.getByRole('searchbox', { name: /Filter sessions/ });
    for (const [q, expected] of [
      ['85.214.132.117', '85.214.132.117'],
      ['127.0.0.1', '127.0.0.1'],
      ['Berlin', 'Berlin'],
    ] as const) {
      await search.fill(q);
      await settled(owner);
      await expect.poll(async () => (await rowTexts(owner)).length > 0 && (await rowTexts(owner)).every((t) => t.includes(expected)), { timeout: 5000 }).toBe(true);
    }
  });

  it('opens a session’s detail from its row and ends it; the detail then shows when, why and by whom', async () => {
    await owner.goto('/settings/security/sessions');
    await owner.getByLabel('Flag', { exact: true }).selectOption('new_device');
    await settled(owner);
    const liam = owner.locator(`tr[data-account="${LIAM}"]`, { has: owner.locator('[data-flag="new_device"]') });
    await liam.waitFor();
    await liam.getByRole('link', { name: /details of Liam Walsh's session/ }).click();
    await owner.waitForURL('**/sessions/ses_*');
    const detail = owner.getByTestId('session-detail');
    await detail.waitFor();
    expect(await owner.title()).toBe('Session · Gatehouse');
    const text = await detail.innerText();
    for (const part of ['Liam Walsh', LIAM, 'Agent', '127.0.0.1', 'Local network', 'Password', 'Mozilla/5.0', 'Ends if idle', 'New device']) expect(text).toContain(part);
    expect(await owner.locator('ol.history li[data-type="signin"]').count()).toBe(1);
    await expectAccessible(owner);

    // Cancel: focus goes back to End.
    await owner.getByTestId('end-session').click();
    const dialog = owner.getByRole('dialog');
    expect(await dialog.innerText()).toContain('End Liam Walsh');
    expect(await dialog.getByTestId('close-self-note').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => focused(owner)).toBe('end-session');

    await owner.getByTestId('end-session').click();
    await owner.getByRole('dialog').getByRole('button', { name: 'End session' }).click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('ended');
    const ended = await detail.innerText();
    expect(ended).toMatch(/Why\s+Ended by an administrator/);
    expect(ended).toMatch(/By\s+Olivia Grant/);
    expect(ended).toMatch(/Ended\s+\d{1,2} \w{3} \d{4}, \d{2}:\d{2}/);
    expect(await owner.locator('ol.history li[data-type="session.ended"]').count()).toBe(1);
    expect(await owner.getByTestId('end-session').count()).toBe(0);
    await expectAccessible(owner);
    await shoot(owner, 'session-detail');
  });

  it('warns that ending your own session is you, from My sessions’ Details', async () => {
    await owner.goto('/account/sessions');
    const current = owner.locator('tr', { hasText: 'This device' });
    await current.getByRole('link', { name: /details of your session/ }).click();
    await owner.getByTestId('session-detail').waitFor();
    expect(await owner.getByTestId('session-detail').innerText()).toContain('This browser');
    await owner.getByTestId('end-session').click();
    const dialog = owner.getByRole('dialog');
    await dialog.getByTestId('close-self-note').waitFor();
    expect(await dialog.innerText()).toContain('This is you');
    await owner.keyboard.press('Escape');
    await expect.poll(() => focused(owner)).toBe('end-session');
  });

  it('shows an agent its own ended session with why and by whom, and nobody else’s', async () => {
    const maya = await open();
    await signIn(maya, ANA);
    await maya.goto('/account/sessions');
    const endedRow = maya.locator('tbody tr', { has: maya.getByTestId('end-reason') }).first();
    await endedRow.waitFor();
    await endedRow.getByRole('link', { name: /details of your session/ }).click();
    const detail = maya.getByTestId('session-detail');
    await detail.waitFor();
    expect(await detail.getAttribute('data-status')).toBe('ended');
    expect(await detail.innerText()).toMatch(/Why\s+Ended by an administrator/);
    expect(await detail.innerText()).toMatch(/By\s+Olivia Grant/);
    await expectAccessible(maya);
    // Liam's session id, typed in: the server refuses, the page says so.
    const listed = (await (await owner.request.get('/api/security/sessions?q=liam')).json()) as { sessions: { id: string }[] };
    await maya.goto(`/sessions/${listed.sessions[0]!.id}`);
    await maya.getByText('This session cannot be shown').waitFor();
  });

  it('shows a sub-administrator the primary administrator’s sessions with Force close disabled, and why', async () => {
    const noor = await open();
    await signIn(noor, 'noor.haddad@example.com', { account: 'admin' });
    await noor.goto('/settings/security/sessions');
    const search = noor.getByLabel('Filter sessions by name, email, IP or location');
    await search.fill('owner@example.com');
    await expect.poll(async () => (await rowTexts(noor)).every((t) => t.includes('Olivia Grant')) && (await rowTexts(noor)).length > 0).toBe(true);
    await settled(noor);
    const close = rows(noor)
      .first()
      .getByRole('button', { name: /Force close/ });
    expect(await close.isDisabled()).toBe(true);
    expect(await close.getAttribute('title')).toBe('Only the primary administrator can end their own sessions.');
    expect(await close.getAttribute('aria-label')).toContain('Only the primary administrator can end their own sessions.');
    // Anyone else's stays closable.
    await search.fill('liam');
    await expect.poll(async () => (await rowTexts(noor)).every((t) => t.includes('Liam')) && (await rowTexts(noor)).length > 0).toBe(true);
    await settled(noor);
    expect(
      await rows(noor)
        .first()
        .getByRole('button', { name: /Force close/ })
        .isDisabled(),
    ).toBe(false);
    await expectAccessible(noor);
  });

  it('works at 360 px: stacked cards, no sideways scrolling, on the list and the detail', async () => {
    const phone = await open({ width: 360, height: 740 });
    await signIn(phone, OWNER);
    await phone.goto('/settings/security/sessions');
    const first = rows(phone).first();
    await first.waitFor();
    await settled(phone);
    expect(await scrollsSideways(phone)).toBe(false);
    expect(
      await first
        .locator('td')
        .first()
        .evaluate((td) => (globalThis as unknown as { getComputedStyle(e: unknown): { display: string } }).getComputedStyle(td).display),
    ).toBe('grid');
    await expectAccessible(phone);
    await first.getByRole('link', { name: /details of/ }).click();
    await phone.getByTestId('session-detail').waitFor();
    await settled(phone);
    expect(await scrollsSideways(phone)).toBe(false);
    await expectAccessible(phone);
  });
});

describe('force close on the list', () => {
  it('puts focus on the next row’s Force close and brings the filter counts up to date', async () => {
    await owner.goto('/settings/security/sessions');
    await settled(owner);
    const country = owner.locator('select[name="country"]');
    /** The country with the most sessions, and its count as its choice says it: "🇩🇪 Germany (5)". */
    const busiest = async () => {
      const options = await country.locator('option').evaluateAll((els) => els.map((el) => [el.getAttribute('value') ?? '', el.textContent ?? ''] as const));
      const counted = options.filter(([value]) => value !== '').map(([value, text]) => ({ value, n: Number(/\((\d+)\)$/.exec(text)?.[1] ?? 0) }));
      return counted.sort((a, b) => b.n - a.n)[0]!;
    };
    await expect.poll(async () => (await busiest()).n).toBeGreaterThanOrEqual(3);
    const { value, n } = await busiest();
    const countOf = async () => Number(/\((\d+)\)$/.exec((await country.locator(`option[value="${value}"]`).textContent()) ?? '')?.[1] ?? 0);
    await country.selectOption(value);
    await expect.poll(() => rows(owner).count()).toBe(n);
    await settled(owner);

    await rows(owner)
      .first()
      .getByRole('button', { name: /Force close/ })
      .focus();
    await owner.keyboard.press('Enter');
    await owner.getByRole('dialog').getByRole('button', { name: 'Force close' }).click();
    await expect.poll(() => rows(owner).count()).toBe(n - 1);
    await expect.poll(() => focused(owner)).toBe('Force close');
    await expect.poll(countOf, { timeout: 5000 }).toBe(n - 1);
  });
});
