import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { expectAccessible, scrollsSideways, shoot, signIn, submitSignIn, useBrowser } from './helpers.js';

// Every screen of the console in the light and the dark theme, on a desktop and a phone: axe-core
// finds no serious problem (colour contrast included), a phone never scrolls sideways, and
// `npm run screenshots` keeps a picture of each in docs/screenshots/screens/.

const OWNER = 'owner@example.com'; // Olivia Grant, primary administrator
const AGENT = 'liam.walsh@example.com';
const MAYA = 'maya.chen@example.com'; // agent whose profile is shown
const LINKED = 'sam.rivera@example.com'; // a login with an agent and an administrator account
const ENROLLED = 'chloe.martin@example.com'; // sets up an authenticator app: sign-in asks her for a code
const UNENROLLED = 'ana.souza@example.com'; // has none when the workspace starts requiring one

const THEMES = ['light', 'dark'] as const;
const VIEWPORTS = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 360, height: 740 },
} as const;
type Theme = (typeof THEMES)[number];
type Viewport = keyof typeof VIEWPORTS;

const e2e = useBrowser();
const open = (theme: Theme, viewport: Viewport, locale?: string) => e2e.open({ ...VIEWPORTS[viewport], colorScheme: theme, locale, timeout: 15_000 });

/** Waits for the screen to settle, checks it, and takes its picture as screens/<name>. */
async function check(page: Page, name: string, viewport: Viewport, ready?: Locator): Promise<void> {
  await (ready ?? page.locator('main h1').first()).waitFor();
  // No list still loading: skeletons are marked aria-busy.
  await expect.poll(() => page.locator('[aria-busy="true"]').count(), { timeout: 10_000 }).toBe(0);
  await expectAccessible(page);
  if (viewport === 'phone') expect(await scrollsSideways(page), `${name} scrolls sideways`).toBe(false);
  await shoot(page, `screens/${name}`);
}

/** The id of the first account a Team list finds for an email. */
async function accountId(page: Page, list: 'agents' | 'admins', email: string): Promise<string> {
  const body = (await (await page.request.get(`/api/team/${list}?q=${encodeURIComponent(email)}`)).json()) as { accounts: { id: string }[] };
  return body.accounts[0]!.id;
}

describe('every screen, in both themes, on a desktop and a phone', () => {
  for (const theme of THEMES) {
    for (const viewport of Object.keys(VIEWPORTS) as Viewport[]) {
      it(`${theme}, ${viewport}`, async () => {
        const suffix = `${theme}-${viewport}`;

        // The sign-in page, then the agent's own screen (its session also gives Team › Agents
        // a session to end).
        const agent = await open(theme, viewport);
        await agent.goto('/sign-in');
        await check(agent, `sign-in-${suffix}`, viewport, agent.getByLabel('Workspace'));
        await signIn(agent, AGENT);
        await agent.goto('/workspace');
        await check(agent, `agent-workspace-${suffix}`, viewport);

        // Sign-in's account choice: a login that holds an agent and an administrator account.
        const linked = await open(theme, viewport);
        await linked.goto('/sign-in');
        await submitSignIn(linked, LINKED);
        await check(linked, `sign-in-choose-account-${suffix}`, viewport, linked.getByRole('heading', { name: 'Choose an account' }));
        await linked.context().close();

        const owner = await open(theme, viewport);
        await signIn(owner, OWNER);
        const mayaId = await accountId(owner, 'agents', MAYA);
        const listed = (await (await owner.request.get(`/api/security/sessions?q=${encodeURIComponent(AGENT)}`)).json()) as { sessions: { id: string }[] };
        const sessionId = listed.sessions[0]!.id;

        const screens: [string, string][] = [
          ['team-agents', '/team/agents'],
          ['team-admins', '/team/admins'],
          ['agent-profile', `/team/accounts/${mayaId}`],
          ['security-settings', '/settings/security'],
          ['active-sessions', '/settings/security/sessions'],
          ['session-detail', `/sessions/${encodeURIComponent(sessionId)}`],
          ['integrations', '/settings/integrations'],
          ['audit-log', '/audit'],
          ['my-sessions', '/account/sessions'],
          ['authorized-apps', '/account/authorized-apps'],
          ['two-factor', '/account/two-factor'],
        ];
        for (const [name, path] of screens) {
          await owner.goto(path);
          await check(owner, `${name}-${suffix}`, viewport);
        }

        // Two dialogs open on Team › Agents: ending the agent's session, and adding an account.
        await owner.goto('/team/agents');
        const icon = owner.locator(`tr[data-account="${AGENT}"] .status-icon`);
        await expect.poll(() => icon.getAttribute('data-status')).toBe('active');
        await icon.click();
        const endDialog = owner.getByTestId('end-sessions-dialog');
        await check(owner, `end-session-dialog-${suffix}`, viewport, endDialog);
        await owner.keyboard.press('Escape');
        await endDialog.waitFor({ state: 'detached' });

        await owner.getByTestId('add-account').click();
        const addDialog = owner.getByTestId('add-account-dialog');
        await check(owner, `add-account-dialog-${suffix}`, viewport, addDialog);
        await owner.keyboard.press('Escape');
        await addDialog.waitFor({ state: 'detached' });

        await Promise.all([agent.context().close(), owner.context().close()]);
      }, 240_000);
    }
  }
});

describe('in Spanish', () => {
  it('shows Team › Agents and Active sessions in the browser’s language', async () => {
    const page = await open('light', 'desktop', 'es-ES');
    // Sign in through the English form (the helper finds it by its English labels), then let
    // the browser's language choose again.
    await page.goto('/sign-in');
    await page.evaluate("localStorage.setItem('gatehouse.language', 'en')");
    await signIn(page, OWNER);
    await page.evaluate("localStorage.removeItem('gatehouse.language')");

    for (const [name, path, title] of [
      ['team-agents', '/team/agents', 'Agentes'],
      ['active-sessions', '/settings/security/sessions', 'Sesiones activas'],
    ] as const) {
      await page.goto(path);
      await page.locator('main h1').first().waitFor();
      expect(await page.evaluate<string>('document.documentElement.lang')).toBe('es');
      expect(await page.locator('main h1').first().textContent()).toBe(title);
      await check(page, `${name}-es-light-desktop`, 'desktop');
      // Spanish words are longer: no column header, and no time in a row, is cut short.
      const cut = await page
        .locator('main table thead th, main table td.col-time')
        .evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent));
      expect(cut, `${name}: cut short`).toEqual([]);
    }
  }, 120_000);
});

describe('Team › Agents between a phone and a wide screen', () => {
  it('keeps room for the name at 1120 px: the header does not overlap the next column', async () => {
    const page = await e2e.open({ width: 1120, height: 768, timeout: 15_000 });
    await signIn(page, OWNER);
    await page.goto('/team/agents');
    const name = page.locator('.team-table thead th.col-name');
    await name.waitFor();
    expect((await name.boundingBox())!.width).toBeGreaterThanOrEqual(120);
  });
});

describe('the two-factor screens, in both themes, on a desktop and a phone', () => {
  // Last in this file: the workspace's requirement it turns on would meet every later agent.
  it('sign-in’s second step, and the set-up the workspace requires before anything else', async () => {
    const setup = await open('light', 'desktop');
    await signIn(setup, ENROLLED);
    const key = await setup.evaluate(async () => ((await (await fetch('/api/me/second-factor/totp', { method: 'POST' })).json()) as { secret: string }).secret);
    const code = new TOTP({ secret: Secret.fromBase32(key), algorithm: 'SHA1', digits: 6, period: 30 }).generate();
    const confirmed = await setup.evaluate(
      async (code) =>
        (await fetch('/api/me/second-factor/totp/confirm', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })).status,
      code,
    );
    expect(confirmed).toBe(200);
    const owner = await open('light', 'desktop');
    await signIn(owner, OWNER);
    const required = await owner.evaluate(
      async () =>
        (
          await fetch('/api/settings/security', {
            method: 'PATCH',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ requireSecondFactor: 'agents', secondFactorGraceDays: 0 }),
          })
        ).status,
    );
    expect(required).toBe(200);

    for (const theme of THEMES) {
      for (const viewport of Object.keys(VIEWPORTS) as Viewport[]) {
        const suffix = `${theme}-${viewport}`;
        const step = await open(theme, viewport);
        await step.goto('/sign-in');
        await submitSignIn(step, ENROLLED);
        await check(step, `sign-in-second-factor-${suffix}`, viewport, step.getByLabel('Authentication code'));

        const enrol = await open(theme, viewport);
        await enrol.goto('/sign-in');
        await submitSignIn(enrol, UNENROLLED);
        await check(enrol, `enrol-required-${suffix}`, viewport, enrol.getByTestId('start-totp'));
        await Promise.all([step.context().close(), enrol.context().close()]);
      }
    }
  }, 240_000);
});
