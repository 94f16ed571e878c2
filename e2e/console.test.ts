import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, expectAccessible, row, shoot, signIn, startServer, submitSignIn, tooltip, useBrowser } from './helpers.js';

// One server, one browser, several people each in their own browser context. The tests run in
// order and build on each other, as a day in the console would; the audit log test at the end
// checks that everything before it was recorded.

const OWNER = 'owner@example.com'; // Olivia Grant, primary administrator
const SAM = 'sam.rivera@example.com'; // sub-admin (Team › Agents, Audit log) with a linked agent account
const NOOR = 'noor.haddad@example.com'; // sub-admin with every grant, and a linked agent account
const MAYA = 'maya.chen@example.com'; // agent

const e2e = useBrowser();
const { open } = e2e;

let owner: Page;
let maya: Page;
let sam: Page;
let noor: Page;

describe('signing in', () => {
  it('refuses a wrong password with a clear message, then signs an agent in to the agent workspace', async () => {
    maya = await open();
    await maya.goto('/');
    await maya.waitForURL('**/sign-in');
    await shoot(maya, 'sign-in');
    await expectAccessible(maya);

    await signInExpectingError(maya, MAYA, 'not-the-password');
    await expect.poll(() => maya.getByTestId('signin-error').textContent()).toContain('workspace, email or password is not right');

    await signIn(maya, MAYA);
    await maya.waitForURL('**/workspace');
    await maya.getByRole('heading', { name: 'Hello, Maya' }).waitFor();
    // Online while this tab's live connection is open.
    await expect.poll(() => maya.getByTestId('my-presence').getAttribute('data-presence'), { timeout: 5000 }).toBe('online');
    // The side navigation shows an agent only what an agent may open.
    const nav = maya.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Agent workspace', 'Sessions', 'Authorized apps', 'Two-factor']);
    await shoot(maya, 'agent-workspace');
    await expectAccessible(maya);
  });

  it('says when there were too many attempts, and how long to wait', async () => {
    // A server of its own with a low per-address limit: its fifteen minutes are what a browser that
    // never signed in meets (a login's own back-off starts at one second, too short to read here),
    // and the other people of this file keep signing in from the same address.
    const strict = await startServer({ IP_MAX_FAILURES: '3' });
    const page = await open({ url: strict.url });
    try {
      for (let i = 0; i < 3; i++) {
        await page.request.post('/api/auth/login', { data: { workspace: 'demo', email: 'pat.morgan@example.com', password: `wrong-${i}` } });
      }
      await page.goto('/sign-in');
      await signInExpectingError(page, 'pat.morgan@example.com', DEMO_PASSWORD);
      expect(await page.getByTestId('signin-error').innerText()).toMatch(/Too many sign-in attempts\. Try again in \d+ min/);
      expect(await page.getByRole('button', { name: 'Sign in' }).isDisabled()).toBe(true);
    } finally {
      await page.context().close();
      await strict.stop();
    }
  });

  it('signs the primary administrator in to Team › Agents', async () => {
    owner = await open();
    await signIn(owner, OWNER);
    await owner.waitForURL('**/team/agents');
    expect(await owner.getByTestId('workspace-name').textContent()).toBe('Northwind Support');
    const links = await owner.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(links).toEqual(['Agents', 'Administrators', 'Security', 'Integrations', 'Audit log', 'Sessions', 'Authorized apps', 'Two-factor']);
  });

  it('asks a login with two accounts which one to use', async () => {
    sam = await open();
    await sam.goto('/sign-in');
    await submitSignIn(sam, SAM);
    await sam.getByRole('heading', { name: 'Choose an account' }).waitFor();
    await shoot(sam, 'sign-in-choose-account');
    await expectAccessible(sam);
    await sam.getByTestId('choose-admin').click();
    await sam.waitForURL('**/team/agents');
    // Sam holds Team › Agents and Audit log only.
    const links = await sam.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(links).toEqual(['Agents', 'Audit log', 'Sessions', 'Authorized apps', 'Two-factor']);
  });
});

async function signInExpectingError(page: Page, email: string, password: string): Promise<void> {
  await submitSignIn(page, email, { password });
  await page.getByTestId('signin-error').waitFor();
}

describe('Team › Agents', () => {
  it('shows a green icon with the active sessions on hover and focus, and a red one that says there is none', async () => {
    await owner.goto('/team/agents');
    const mayaIcon = row(owner, MAYA).locator('.status-icon');
    await expect.poll(() => mayaIcon.getAttribute('data-status')).toBe('active');
    // Her agent workspace tab is open, so she reads online.
    await expect.poll(() => row(owner, MAYA).locator('.presence').innerText(), { timeout: 5000 }).toBe('Online');
    await mayaIcon.hover();
    const tip = tooltip(owner);
    await tip.waitFor();
    const text = await tip.innerText();
    for (const part of ['Started', 'Device', 'IP address', 'Location', 'Last activity', '127.0.0.1', 'Chrome']) expect(text).toContain(part);
    await shoot(owner, 'team-agents-tooltip');

    // Ana Souza has only ended sessions in the demo.
    const anaIcon = row(owner, 'ana.souza@example.com').locator('.status-icon');
    expect(await anaIcon.getAttribute('data-status')).toBe('none');
    await owner.mouse.move(640, 20, { steps: 4 });
    // The keyboard shows the same tooltip: Tab onto the icon from the control before it.
    await anaIcon.focus();
    await owner.keyboard.press('Shift+Tab');
    await owner.keyboard.press('Tab');
    await expect.poll(() => tooltip(owner).innerText()).toContain('No active session in the web app');
    // Not clickable: it is not a button, and clicking opens nothing.
    expect(await anaIcon.evaluate((el) => el.tagName)).toBe('SPAN');
    await anaIcon.click();
    expect(await owner.getByRole('dialog').count()).toBe(0);

    await owner.mouse.move(640, 20, { steps: 4 });
    await owner.keyboard.press('Escape');
    await anaIcon.blur();
    await shoot(owner, 'team-agents');
    await expectAccessible(owner);
  });

  it('ends one agent’s sessions from the icon: it turns red, and her open tab leaves for the sign-in page', async () => {
    expect(maya.url()).toContain('/workspace');
    await owner.goto('/team/agents');
    const mayaIcon = row(owner, MAYA).locator('.status-icon');
    await mayaIcon.click();
    const dialog = owner.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Maya Chen');
    await shoot(owner, 'end-session-dialog');
    await dialog.getByRole('button', { name: /^End session/ }).click();
    await dialog.waitFor({ state: 'detached' });
    // Updated in place, without reloading the page.
    await expect.poll(() => mayaIcon.getAttribute('data-status')).toBe('none');

    // The live connection signs her tab out at once (well within the product's one second
    // plus the browser's own latency; polling alone would take up to a minute).
    await maya.waitForURL('**/sign-in', { timeout: 3000 });
    await expect.poll(() => maya.getByTestId('signin-notice').textContent()).toContain('An administrator ended your session');
    await expect.poll(() => row(owner, MAYA).locator('.presence').innerText(), { timeout: 5000 }).toBe('Offline');
    await shoot(maya, 'sign-in-session-ended');
  });

  it('filters by session status and searches by name or email', async () => {
    await owner.goto('/team/agents');
    await row(owner, 'ana.souza@example.com').waitFor();

    await owner.getByTestId('filter-active').click();
    await expect.poll(() => row(owner, 'ana.souza@example.com').count()).toBe(0);
    const active = await owner.locator('tbody .status-icon').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(active.length).toBeGreaterThan(0);
    expect(new Set(active)).toEqual(new Set(['active']));

    await owner.getByTestId('filter-none').click();
    await row(owner, 'ana.souza@example.com').waitFor();
    const none = await owner.locator('tbody .status-icon').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(new Set(none)).toEqual(new Set(['none']));
    expect(await row(owner, MAYA).count()).toBe(1); // her session was just ended

    await owner.getByTestId('filter-all').click();
    await owner.getByRole('searchbox').fill('souza');
    await expect.poll(() => owner.locator('tbody tr').count()).toBe(1);
    expect(await owner.locator('tbody tr').getAttribute('data-account')).toBe('ana.souza@example.com');
    await owner.getByRole('searchbox').fill('zzz-nobody');
    await owner.getByText('No agent matches “zzz-nobody”').waitFor();
  });

  it('marks linked accounts with a chain that opens the linked profile', async () => {
    await owner.goto('/team/agents');
    const chain = row(owner, SAM).getByTestId('linked-icon');
    await chain.hover();
    await expect.poll(() => tooltip(owner).innerText()).toContain('Has a linked administrator account');
    await chain.click();
    await owner.waitForURL(/\/team\/accounts\/acc_/);
    await owner.getByRole('heading', { name: /Sam Rivera/ }).waitFor();
    const compare = owner.getByTestId('linked-comparison');
    await compare.waitFor();
    const text = await compare.innerText();
    expect(text).toContain('Administrator account');
    expect(text).toContain('Agent account');
    expect(text).toContain('User agent');
    await shoot(owner, 'profile-linked', { fullPage: true });
    await expectAccessible(owner);
  });
});

describe('the account switcher', () => {
  it('moves a login from its administrator account to its agent account and back', async () => {
    await sam.goto('/team/agents');
    await sam.getByTestId('account-switcher').click();
    await sam.waitForURL('**/workspace');
    await expect.poll(() => sam.getByTestId('account-menu').innerText()).toContain('Agent');
    await sam.getByText('You are now in your agent account.').waitFor();
    // Keyboard focus lands on the new page's heading, not on <body>.
    const focusedHeading = () => sam.evaluate<string | null>("document.activeElement?.matches('main h1') ? document.activeElement.textContent : null");
    await expect.poll(focusedHeading).toMatch(/^Hello, Sam/);
    await sam.getByTestId('account-switcher').click();
    await sam.waitForURL('**/team/agents');
    await expect.poll(() => sam.getByTestId('account-menu').innerText()).toContain('Administrator');
    await expect.poll(focusedHeading).toBe('Agents');
  });
});

describe('Team › Administrators, as a sub-administrator', () => {
  it('ends the sessions of several administrators at once and reports that the primary one was refused', async () => {
    noor = await open();
    await signIn(noor, NOOR, { account: 'admin' });
    await noor.goto('/team/admins');
    await row(noor, OWNER).waitFor();
    await row(noor, OWNER).getByRole('checkbox').click();
    expect(await noor.getByTestId('bulk-end').count()).toBe(0); // one is not "several"
    await row(noor, SAM).getByRole('checkbox').click();
    const bulk = noor.getByTestId('bulk-end');
    expect(await bulk.innerText()).toBe('End sessions (2)');
    await shoot(noor, 'team-admins-selection');
    await bulk.click();
    const dialog = noor.getByRole('dialog');
    expect(await dialog.innerText()).toContain('Olivia Grant');
    // Olivia's sessions stay (only she may end them): the button counts Sam's account alone.
    await dialog.getByRole('button', { name: 'End sessions (1)' }).click();
    const summary = noor.getByTestId('end-summary');
    await summary.waitFor();
    const text = await summary.innerText();
    expect(text).toMatch(/Sam Rivera\s+\d+ sessions? ended/);
    expect(text).toMatch(/Olivia Grant\s+Refused/);
    await shoot(noor, 'bulk-end-summary');
    await expectAccessible(noor);
    await dialog.getByRole('button', { name: 'Done' }).click();

    // Sam's tab is signed out; the owner's is not.
    await sam.waitForURL('**/sign-in', { timeout: 3000 });
    await owner.goto('/team/admins');
    await row(owner, OWNER).waitFor();
    await shoot(owner, 'team-admins');
  });
});

describe('adding and renaming accounts', () => {
  const QUINN = 'quinn.added@example.com';
  const QUINN_PASSWORD = 'quinn-password-1';
  const dialogOf = (page: Page) => page.getByRole('dialog');
  const focusedTestId = (page: Page) => page.locator(':focus').getAttribute('data-testid');
  const focusedName = (page: Page) => page.locator(':focus').getAttribute('name');

  it('adds an agent from Team › Agents; it shows in the list and signs in through the API', async () => {
    await owner.goto('/team/agents');
    await row(owner, MAYA).waitFor();
    await owner.getByRole('button', { name: 'Add agent' }).click();
    const dialog = dialogOf(owner);
    await dialog.waitFor();
    // Focus starts in the first field; the password is explained, not required.
    await expect.poll(() => focusedName(owner)).toBe('name');
    await dialog.getByLabel('Name').fill('Quinn Added');
    await dialog.getByLabel('Email').fill(QUINN);
    await dialog.getByLabel('Password').fill(QUINN_PASSWORD);
    expect(await dialog.innerText()).toContain('Leave it empty if this email already signs in');
    await shoot(owner, 'add-account-dialog');
    await dialog.getByRole('button', { name: 'Add agent' }).click();
    await dialog.waitFor({ state: 'detached' });
    await owner.getByText('Quinn Added added as an agent.').waitFor();
    // The list was fetched again: the new agent is in it, marked new; focus is back on the button.
    expect(await row(owner, QUINN).innerText()).toContain('New');
    await expect.poll(() => focusedTestId(owner)).toBe('add-account');

    const res = await fetch(`${e2e.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspace: 'demo', email: QUINN, password: QUINN_PASSWORD }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { account: { role: string; name: string } }).account).toMatchObject({ role: 'agent', name: 'Quinn Added' });
  });

  it('shows the server’s own refusal next to the form, then closes on Escape with nothing added', async () => {
    await owner.goto('/team/agents');
    const button = owner.getByRole('button', { name: 'Add agent' });
    await button.click();
    const dialog = dialogOf(owner);
    await dialog.getByLabel('Name').fill('Maya Again');
    await dialog.getByLabel('Email').fill(MAYA);
    await dialog.getByLabel('Password').fill('long-enough-password');
    await dialog.getByRole('button', { name: 'Add agent' }).click();
    const alert = dialog.getByRole('alert');
    await expect.poll(() => alert.innerText()).toBe(`${MAYA} already has an agent account in this workspace.`);
    // The field it is about is marked and focused.
    expect(await dialog.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => focusedName(owner)).toBe('email');
    await expectAccessible(owner);

    await dialog.getByLabel('Email').fill('nobody.yet@example.com');
    await dialog.getByLabel('Password').fill('short');
    await dialog.getByRole('button', { name: 'Add agent' }).click();
    await expect.poll(() => alert.innerText()).toBe('The field "password" must be at least 10 characters long.');
    await expect.poll(() => focusedName(owner)).toBe('password');
    // A new email has no login to join, so the server asks for a password.
    await dialog.getByLabel('Password').fill('');
    await dialog.getByRole('button', { name: 'Add agent' }).click();
    await expect.poll(() => alert.innerText()).toContain('A password is needed for an email that has no login in this workspace yet.');

    await owner.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => focusedTestId(owner)).toBe('add-account');
    const found = await owner.request.get('/api/team/agents?q=nobody.yet').then((r) => r.json());
    expect(found.counts.all).toBe(0);
  });

  it('adds an administrator with one grant; for an email that already signs in, the accounts are now linked', async () => {
    await owner.goto('/team/admins');
    await row(owner, OWNER).waitFor();
    await owner.getByRole('button', { name: 'Add administrator' }).click();
    const dialog = dialogOf(owner);
    // The primary administrator may give every grant.
    expect(await dialog.getByRole('checkbox').count()).toBe(5);
    await dialog.getByLabel('Name').fill('Quinn Added');
    await dialog.getByLabel('Email').fill(QUINN);
    await dialog.getByLabel('Team › Administrators').check();
    await dialog.getByRole('button', { name: 'Add administrator' }).click();
    await dialog.waitFor({ state: 'detached' });
    await owner.getByText(/Quinn Added added as an administrator and now linked: this email already signed in as an agent/).waitFor();
    await row(owner, QUINN).getByTestId('linked-icon').waitFor();

    const admins = await owner.request.get(`/api/team/admins?q=${encodeURIComponent(QUINN)}`).then((r) => r.json());
    expect(admins.accounts).toHaveLength(1);
    expect(admins.accounts[0]).toMatchObject({ grants: ['team.admins'], linkedAccount: { role: 'agent' } });

    // Quinn signs in to the new account with the login's one password, and can give only the grant held.
    const quinn = await open();
    await signIn(quinn, QUINN, { account: 'admin', password: QUINN_PASSWORD });
    await quinn.waitForURL('**/team/admins');
    await quinn.getByRole('button', { name: 'Add administrator' }).click();
    const own = dialogOf(quinn);
    expect(await own.getByRole('checkbox').count()).toBe(1);
    expect(await own.getByLabel('Team › Administrators').count()).toBe(1);
    expect(await own.innerText()).toContain('You can give only grants you hold yourself.');
    await quinn.keyboard.press('Escape');
    await own.waitFor({ state: 'detached' });
  });

  it('renames an account from its profile; the linked account keeps its name', async () => {
    const agents = await owner.request.get(`/api/team/agents?q=${encodeURIComponent(QUINN)}`).then((r) => r.json());
    const id = agents.accounts[0].id as string;
    await owner.goto(`/team/accounts/${id}`);
    await owner.getByRole('heading', { name: /Quinn Added/ }).waitFor();
    await owner.getByTestId('rename').click();
    const dialog = dialogOf(owner);
    const name = dialog.getByLabel('Name');
    expect(await name.inputValue()).toBe('Quinn Added');
    expect(await dialog.innerText()).toContain('the linked administrator account keeps its own name');
    await name.fill('Quinn Renamed');
    await dialog.getByRole('button', { name: 'Save name' }).click();
    await dialog.waitFor({ state: 'detached' });
    await owner.getByRole('heading', { name: /Quinn Renamed/ }).waitFor();
    await owner.getByText('Renamed to Quinn Renamed.').waitFor();

    await owner.goto('/team/agents');
    await expect.poll(() => row(owner, QUINN).innerText()).toContain('Quinn Renamed');
    const admins = await owner.request.get(`/api/team/admins?q=${encodeURIComponent(QUINN)}`).then((r) => r.json());
    expect(admins.accounts[0].name).toBe('Quinn Added');
  });

  it('offers a sub-administrator only what it may do: no "Add administrator" without team.admins, no renaming the primary administrator', async () => {
    await signIn(sam, SAM, { account: 'admin' });
    await sam.goto('/team/agents');
    await row(sam, MAYA).waitFor();
    expect(await sam.getByRole('button', { name: 'Add agent' }).count()).toBe(1);
    await sam.goto('/team/admins');
    await sam.getByText('You do not have access to this section').waitFor();
    expect(await sam.getByRole('button', { name: /Add administrator/ }).count()).toBe(0);

    // Noor holds every grant, team.admins included, yet the primary administrator stays out of reach.
    const me = await owner.request.get('/api/me').then((r) => r.json());
    await noor.goto(`/team/accounts/${me.account.id as string}`);
    await noor.getByRole('heading', { name: /Olivia Grant/ }).waitFor();
    const rename = noor.getByTestId('rename');
    expect(await rename.isDisabled()).toBe(true);
    const note = await rename.getAttribute('aria-describedby');
    expect(await noor.locator(`#${note!}`).innerText()).toContain('only they can rename this account');
  });

  it('lets a sub-administrator give or take only the grants it holds on another administrator', async () => {
    const post = (email: string, grants: string[]) =>
      owner.request.post('/api/team/admins', { data: { name: email.split('@')[0], email, password: 'grant editor pass', grants }, headers: { origin: e2e.server.url } });
    expect((await post('gale.grants@example.com', ['team.admins'])).status()).toBe(201);
    const target = await (await post('hugo.grants@example.com', ['audit'])).json();
    const gale = await open();
    await signIn(gale, 'gale.grants@example.com', { password: 'grant editor pass' });
    await gale.goto(`/team/accounts/${target.account.id as string}`);
    await gale.getByRole('heading', { name: /hugo\.grants/ }).waitFor();
    const box = (label: RegExp) => gale.locator('fieldset.grants label', { hasText: label }).locator('input');
    expect(await box(/Team › Administrators/).isDisabled()).toBe(false);
    expect(await box(/Audit/).isDisabled()).toBe(true);
    expect(await box(/Audit/).isChecked()).toBe(true);
    await gale.getByText('You can give or take only the grants you hold yourself.').waitFor();
  });
});

describe('Settings › Security', () => {
  it('changes the agent idle timeout', async () => {
    await owner.goto('/settings/security');
    const idle = owner.getByLabel('Agent idle timeout', { exact: true });
    await idle.waitFor();
    expect(await idle.inputValue()).toBe('72');
    await idle.fill('8');
    await owner.getByTestId('save-security').click();
    await owner.getByText('Security settings saved.').waitFor();
    // The caller's address still shows after saving (the save's answer does not carry it).
    await owner.getByText('Your address is 127.0.0.1.').waitFor();
    const settings = await owner.request.get('/api/settings/security').then((r) => r.json());
    expect(settings.agentIdleMinutes).toBe(8 * 60);
    await owner.reload();
    await expect.poll(() => owner.getByLabel('Agent idle timeout', { exact: true }).inputValue()).toBe('8');
  });

  it('previews what an IP allow list would end and warns before locking yourself out', async () => {
    await owner.goto('/settings/security');
    await owner.getByLabel('IP allow list').fill('10.0.0.0/8');
    const preview = owner.getByTestId('allowlist-preview');
    await expect.poll(() => preview.innerText(), { timeout: 5000 }).toContain('Including yours');
    await shoot(owner, 'settings-security');
    await expectAccessible(owner);
    await owner.getByTestId('save-security').click();
    const dialog = owner.getByRole('dialog');
    expect(await dialog.innerText()).toContain('Lock yourself out?');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await owner.getByLabel('IP allow list').fill('');
    const settings = await owner.request.get('/api/settings/security').then((r) => r.json());
    expect(settings.ipAllowlist).toEqual([]);
  });

  it('force-closes a session from Active sessions', async () => {
    // Maya signs in again on another device.
    const phone = await open({
      userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    });
    await signIn(phone, MAYA);
    await owner.goto('/settings/security/sessions');
    await owner.getByRole('searchbox', { name: /Filter sessions/ }).fill('maya');
    const rowOfMaya = row(owner, MAYA);
    await expect.poll(() => rowOfMaya.count()).toBe(1);
    expect(await rowOfMaya.innerText()).toContain('Mobile Safari');
    await rowOfMaya.getByRole('button', { name: /Force close/ }).click();
    const dialog = owner.getByRole('dialog');
    expect(await dialog.innerText()).toContain('Maya Chen');
    await dialog.getByRole('button', { name: 'Force close' }).click();
    await expect.poll(() => rowOfMaya.count()).toBe(0);
    await owner.getByText('No active session matches “maya”').waitFor();
    await phone.waitForURL('**/sign-in', { timeout: 3000 });
  });

  it('sorts Active sessions by sign-in time', async () => {
    await owner.goto('/settings/security/sessions');
    const header = owner.getByRole('columnheader', { name: /Signed in/ });
    await header.getByRole('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    const first = await owner.locator('tbody tr time').first().getAttribute('datetime');
    await header.getByRole('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => owner.locator('tbody tr time').first().getAttribute('datetime')).not.toBe(first);
  });
});

describe('My account › Sessions', () => {
  it('closes all other sessions from a second browser', async () => {
    const laptop = await open();
    await signIn(laptop, MAYA);
    const desktop = await open({ userAgent: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0' });
    await signIn(desktop, MAYA);
    await desktop.goto('/account/sessions');
    const current = desktop.locator('tr', { hasText: 'This device' });
    await current.waitFor();
    expect(await current.innerText()).toContain('Firefox');
    await shoot(desktop, 'my-sessions');
    await expectAccessible(desktop);
    await desktop.getByTestId('close-others').click();
    const dialog = desktop.getByRole('dialog');
    await dialog.getByRole('button', { name: /^Close \d+ session/ }).click();
    await desktop.getByText(/other sessions? closed/).waitFor();
    await laptop.waitForURL('**/sign-in', { timeout: 3000 });
    expect(await laptop.getByTestId('signin-notice').innerText()).toContain('closed from your account');
    // This device stays signed in.
    expect((await desktop.request.get('/api/me')).status()).toBe(200);
  });
});

describe('the audit log', () => {
  it('shows everything above, filters it, and downloads it as CSV', async () => {
    await owner.goto('/audit');
    await owner.locator('tbody tr').first().waitFor();
    const types = new Set(await owner.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type'))));
    for (const t of ['signin', 'signin.failed', 'session.ended', 'account.switched', 'settings.updated']) expect(types).toContain(t);
    await shoot(owner, 'audit-log');
    await expectAccessible(owner);

    await owner.getByTestId('audit-type').selectOption('session.ended');
    await expect
      .poll(async () => new Set(await owner.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')))))
      .toEqual(new Set(['session.ended']));
    const ended = await owner.locator('tbody').innerText();
    expect(ended).toContain('Ended by an administrator');
    expect(ended).toContain('Closed by the user');
    // Details in words and exact times: no JSON, no internal ids, no "3 h ago" alone.
    expect(ended).not.toMatch(/[{}"]|acc_|ses_/);
    expect(ended).toMatch(/\d{1,2}:\d{2}:\d{2}/);

    const [download] = await Promise.all([owner.waitForEvent('download'), owner.getByTestId('audit-csv').click()]);
    const file = await download.path();
    const csv = readFileSync(file, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines[0]).toMatch(/type/i);
    expect(lines.slice(1).every((l) => l.includes('session.ended'))).toBe(true);
    expect(csv).toContain('maya.chen@example.com');
  });
});

describe('a phone', () => {
  it('reads Team › Agents at phone width, with the navigation behind a menu button', async () => {
    const phone = await open({ width: 390, height: 844 });
    await signIn(phone, OWNER);
    await phone.goto('/team/agents');
    await row(phone, 'ana.souza@example.com').waitFor();
    expect(await phone.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    await shoot(phone, 'phone-team-agents');
    await expectAccessible(phone);
    await phone.getByRole('button', { name: 'Open navigation' }).click();
    await phone.getByRole('link', { name: 'Audit log' }).click();
    await phone.waitForURL('**/audit');
  });

  it('closes the navigation drawer with Escape or a click outside it, and gives focus back to its button', async () => {
    const phone = await open({ width: 360, height: 740 });
    await signIn(phone, OWNER);
    await phone.goto('/team/agents');
    const nav = phone.getByRole('navigation', { name: 'Main' });
    const toggle = phone.locator('.nav-toggle');
    const focusedIsToggle = () => toggle.evaluate((el) => el === el.ownerDocument.activeElement);

    await toggle.click();
    await nav.getByRole('link', { name: 'Audit log' }).waitFor({ state: 'visible' });
    await nav.getByRole('link', { name: 'Audit log' }).focus();
    await phone.keyboard.press('Escape');
    await expect.poll(() => nav.isVisible()).toBe(false);
    expect(await toggle.getAttribute('aria-label')).toBe('Open navigation');
    expect(await focusedIsToggle()).toBe(true);

    await toggle.click();
    await nav.getByRole('link', { name: 'Audit log' }).waitFor({ state: 'visible' });
    // The page beside the drawer, on its right.
    await phone.mouse.click(340, 400);
    await expect.poll(() => nav.isVisible()).toBe(false);
    expect(await focusedIsToggle()).toBe(true);
  });
});

describe('a big team', () => {
  it('scrolls through every agent, loading more as the list nears its end, and says how many there are', async () => {
    // 110 more agents, created through the API from the owner's own tab.
    const created = await owner.evaluate(async () => {
      let ok = 0;
      for (let i = 0; i < 110; i++) {
        const n = String(i).padStart(3, '0');
        const res = await fetch('/api/team/agents', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: `Zed Temp ${n}`, email: `zed.temp${n}@example.com`, password: 'temporary-password' }),
        });
        if (res.status === 201) ok++;
      }
      return ok;
    });
    expect(created).toBe(110);
    const total = await owner.evaluate(async () => ((await (await fetch('/api/team/agents?limit=1')).json()) as { counts: { all: number } }).counts.all);
    expect(total).toBeGreaterThan(130);

    await owner.goto('/team/agents');
    await row(owner, 'ana.souza@example.com').waitFor();
    // A table of every agent to screen readers, though only the rows near the screen are drawn.
    expect(await owner.getByRole('table', { name: 'Agents' }).getAttribute('aria-rowcount')).toBe(String(total + 1));
    expect(await owner.locator('tbody tr[data-account]').count()).toBeLessThan(total);
    const last = row(owner, 'zed.temp109@example.com');
    for (let i = 0; i < 50 && (await last.count()) === 0; i++) {
      await owner.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
      await owner.waitForTimeout(100);
    }
    await last.waitFor();
    // Zoe Campbell is the very last, after every Zed Temp.
    expect(await last.getAttribute('aria-rowindex')).toBe(String(total));
    expect(await row(owner, 'zoe.campbell@example.com').getAttribute('aria-rowindex')).toBe(String(total + 1));
    await owner.getByText(`All ${total} agents`).waitFor();
    expect(await owner.getByTestId('show-more').count()).toBe(0);
    // A search starts again from the first page.
    await owner.getByRole('searchbox').fill('zed.temp10');
    await expect.poll(() => owner.locator('tbody tr').count()).toBe(10);
  });
});
