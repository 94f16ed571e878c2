import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, expectAccessible, scrollsSideways, signIn, useBrowser } from './helpers.js';

// The console in Spanish (issue 15): chosen from the browser's language, switched and remembered
// from the top bar, every screen without an English word left, dates written the Spanish way.

const OWNER = 'owner@example.com';
const AGENT = 'liam.walsh@example.com';

// Words that are English and not Spanish. User data (names, emails, browsers, systems, places)
// never contains them in the demo workspace, so any of them on a Spanish screen is a string the
// console forgot to translate.
const ENGLISH = [
  'the',
  'of',
  'and',
  'your',
  'you',
  'this',
  'with',
  'from',
  'for',
  'to',
  'is',
  'are',
  'was',
  'has',
  'have',
  'not',
  'will',
  'sign',
  'signed',
  'session',
  'sessions',
  'active',
  'ended',
  'end',
  'last',
  'seen',
  'save',
  'close',
  'closed',
  'show',
  'more',
  'ago',
  'hours',
  'minutes',
  'days',
  'never',
  'online',
  'offline',
  'settings',
  'security',
  'team',
  'search',
  'all',
  'any',
  'agents',
  'administrators',
  'add',
  'account',
  'accounts',
  'device',
  'location',
  'when',
  'who',
  'what',
  'why',
  'status',
  'new',
  'now',
  'just',
  'loading',
  'working',
  'cancel',
  'remove',
  'rename',
  'enabled',
  'disabled',
  'allowed',
  'ask',
];
// As written in a sentence or at its start ("the", "The"); initials in capitals ("TO") are names.
const forms = ENGLISH.flatMap((w) => [w, w[0]!.toUpperCase() + w.slice(1)]);
const ENGLISH_WORD = new RegExp(`(^|[^\\p{L}])(${forms.join('|')})(?=$|[^\\p{L}])`, 'u');

const e2e = useBrowser();
const open = (locale: string, width = 1280, height = 800) => e2e.open({ locale, timezoneId: 'Europe/Madrid', width, height, timeout: 15_000 });

/** Every line a person reads or hears on the page that still holds an English word. */
async function englishLeft(page: Page): Promise<string[]> {
  await expect.poll(() => page.locator('[aria-busy="true"]').count(), { timeout: 15_000 }).toBe(0);
  await page.waitForTimeout(150);
  const texts = await page.evaluate(`(() => {
    const out = [document.title, ...document.body.innerText.split('\\n')];
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]'))
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
    return out;
  })()`);
  return (texts as string[])
    .map((t) => t.trim())
    .filter((t) => t && !/@example\.com/.test(t))
    .filter((t) => ENGLISH_WORD.test(t));
}

describe('a browser set to Spanish', () => {
  it('shows the sign-in page in Spanish', async () => {
    const page = await open('es-MX');
    await page.goto('/sign-in');
    await page.locator('h1').first().waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('es');
    expect(await englishLeft(page)).toEqual([]);
    await expectAccessible(page);
  });

  it('leaves no English on any screen of an administrator or an agent, and writes dates the Spanish way', async () => {
    const page = await open('es-ES');
    await signIn(page, OWNER, { byName: true });
    const ids = (await page.evaluate(async () => {
      const agents = (await (await fetch('/api/team/agents?q=maya.chen')).json()) as { accounts: { id: string }[] };
      const sessions = (await (await fetch('/api/security/sessions')).json()) as { sessions: { id: string }[] };
      return [agents.accounts[0]!.id, sessions.sessions[0]!.id];
    })) as [string, string];
    const found: Record<string, string[]> = {};
    for (const path of [
      '/team/agents',
      '/team/admins',
      `/team/accounts/${ids[0]}`,
      '/settings/security',
      '/settings/security/sessions',
      `/sessions/${ids[1]}`,
      '/settings/integrations',
      '/audit',
      '/account/sessions',
      '/account/authorized-apps',
      '/account/two-factor',
    ]) {
      await page.goto(path);
      await page.locator('main h1').first().waitFor();
      const left = await englishLeft(page);
      if (left.length > 0) found[path] = left;
      // A translated label must still hold its button's visible words (axe: label-content-name-mismatch).
      await expectAccessible(page);
    }
    // The account menu and two dialogs too: ending a signed-in agent's session, adding an account.
    await page.goto('/team/agents');
    await page.getByTestId('account-menu').click();
    const menu = await englishLeft(page);
    if (menu.length > 0) found['account menu'] = menu;
    await expectAccessible(page);
    await page.keyboard.press('Escape');
    const icon = page.locator('tr[data-account] .status-icon[data-status="active"]').first();
    await icon.click();
    const endDialog = page.getByTestId('end-sessions-dialog');
    await endDialog.waitFor();
    const ending = await englishLeft(page);
    if (ending.length > 0) found['end-session dialog'] = ending;
    await page.keyboard.press('Escape');
    await endDialog.waitFor({ state: 'detached' });
    await page.getByTestId('add-account').click();
    await page.getByTestId('add-account-dialog').waitFor();
    const adding = await englishLeft(page);
    if (adding.length > 0) found['add-account dialog'] = adding;
    await page.keyboard.press('Escape');

    const agent = await open('es-ES', 390, 844);
    await signIn(agent, AGENT, { byName: true });
    for (const path of ['/workspace', '/account/sessions']) {
      await agent.goto(path);
      await agent.locator('main h1').first().waitFor();
      const left = await englishLeft(agent);
      if (left.length > 0) found[`${path} (agent)`] = left;
    }
    expect(found).toEqual({});

    // The audit log's exact times: Spanish month abbreviations ("7 dic 2026"), not English ones.
    await page.goto('/audit');
    const time = page.locator('main time').first();
    await time.waitFor();
    const month = new Intl.DateTimeFormat('es-ES', { month: 'short' }).format(new Date());
    expect(await time.textContent()).toContain(month);
  }, 180_000);

  it('says what the server refused in Spanish, beside the field it is about', async () => {
    const page = await open('es-ES');
    await signIn(page, OWNER, { byName: true });
    await page.goto('/team/agents');
    await page.getByTestId('add-account').click();
    const dialog = page.getByTestId('add-account-dialog');
    await dialog.locator('input[name="name"]').fill('Nuevo Agente');
    const cases = [
      ['nuevo@example.com', 'corta', 'password', '«Contraseña» debe tener al menos 10 caracteres.'],
      ['no es un correo', 'bastante larga', 'email', '«Correo» no tiene el formato correcto.'],
      // Beyond the schema: a new email needs a password (an existing login keeps its own).
      ['nuevo@example.com', '', 'password', 'Falta «Contraseña».'],
    ] as const;
    for (const [email, password, field, sentence] of cases) {
      await dialog.locator('input[name="email"]').fill(email);
      await dialog.locator('input[name="password"]').fill(password);
      await dialog.locator('button[type="submit"]').click();
      await expect.poll(() => dialog.locator('#add-account-error').innerText()).toContain(sentence);
      expect(await dialog.locator(`input[name="${field}"]`).getAttribute('aria-invalid')).toBe('true');
      expect(await englishLeft(page)).toEqual([]);
    }
    // A check of the server's own, on another screen: a new password equal to the current one.
    await page.goto('/account/sessions');
    const form = page.locator('.password-form');
    await form.locator('input[autocomplete="current-password"]').fill(DEMO_PASSWORD);
    await form.locator('input[autocomplete="new-password"]').fill(DEMO_PASSWORD);
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => form.innerText()).toContain('La contraseña nueva debe ser distinta de la actual.');
    expect(await englishLeft(page)).toEqual([]);
  });
});

describe('Spanish on a phone 360 px wide', () => {
  it('fits My account › Two-factor: long button labels wrap, and the setup key breaks only between its groups', async () => {
    const page = await open('es-ES', 360, 740);
    await signIn(page, AGENT, { byName: true });
    await page.goto('/account/two-factor');
    await page.getByTestId('start-totp').waitFor();
    await page.getByTestId('add-passkey').waitFor();
    expect(await scrollsSideways(page)).toBe(false);

    await page.getByTestId('start-totp').click();
    const key = page.getByTestId('totp-secret');
    await key.waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    // Eight groups of four, each on one line.
    const groups = key.locator('.enrol-key-group');
    expect(await groups.count()).toBe(8);
    expect(await groups.evaluateAll((els) => els.map((el) => [el.textContent, el.getClientRects().length]))).toEqual(
      (await groups.allTextContents()).map((text) => [text, 1]),
    );
    expect((await groups.allTextContents()).every((text) => /^[A-Z2-7]{4}$/.test(text))).toBe(true);
    await expectAccessible(page);
  });
});

describe('the language switcher', () => {
  it('changes the language at once and keeps the choice on this browser', async () => {
    const page = await open('en-GB');
    await signIn(page, OWNER, { byName: true });
    await page.goto('/team/agents');
    await expect.poll(() => page.locator('main h1').first().textContent()).toBe('Agents');
    await page.getByTestId('language').selectOption('es');
    await expect.poll(() => page.locator('main h1').first().textContent()).toBe('Agentes');
    expect(await page.evaluate('document.documentElement.lang')).toBe('es');
    await page.reload();
    await expect.poll(() => page.locator('main h1').first().textContent()).toBe('Agentes');
    await page.getByTestId('language').selectOption('en');
    await expect.poll(() => page.locator('main h1').first().textContent()).toBe('Agents');
  });
});
