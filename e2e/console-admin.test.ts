import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, expectAccessible, row, signIn, submitSignIn, tooltip, useBrowser } from './helpers.js';

// What an administrator trips over in the console (issue 15): where focus goes after a dialog,
// what a sub-administrator may not click and why, what a confirmation says before it acts, fields
// that say what is wrong next to them, the sign-in page, "last seen", and every screen at 360 px.

const OWNER = 'owner@example.com'; // Olivia Grant, primary administrator
const SAM = 'sam.rivera@example.com'; // sub-admin (Team › Agents, Audit log) with a linked agent account
const NOOR = 'noor.haddad@example.com'; // sub-admin with every grant, and a linked agent account
const MAYA = 'maya.chen@example.com'; // agent

// A short grace period, so "offline" and "last seen" come in a second instead of thirty.
const { open } = useBrowser({ PRESENCE_GRACE_SECONDS: '1' });

/** What has keyboard focus: its tag, its row's account, and its test id or class. */
const focused = (page: Page) =>
  page
    .locator('*:focus')
    .evaluate((el) => ({
      tag: el.tagName,
      account: el.closest('tr')?.getAttribute('data-account') ?? null,
      testId: el.getAttribute('data-testid'),
      label: el.getAttribute('aria-label') ?? el.textContent ?? '',
    }))
    .catch(() => ({ tag: 'none', account: null, testId: null, label: '' }));
/** The page's width against its window's: wider means sideways scrolling. */
const widths = (page: Page) => page.locator('html').evaluate((html) => [html.scrollWidth, html.clientWidth] as const);
/** A computed style of an element. */
const styleOf = (el: unknown, properties: string | string[]): string => {
  // Runs in the page; typed loosely so the Node-side project needs no DOM library.
  const node = el as { ownerDocument: { defaultView: { getComputedStyle(e: unknown): { getPropertyValue(p: string): string } } } };
  const style = node.ownerDocument.defaultView.getComputedStyle(node);
  return [properties]
    .flat()
    .map((p) => style.getPropertyValue(p))
    .join(' ');
};

let owner: Page;

describe('dialogs give focus back to what opened them', () => {
  it('the end-session confirmation, on cancel and after ending; the add-account dialog; force close', async () => {
    owner = await open();
    await signIn(owner, OWNER);
    const maya = await open();
    await signIn(maya, MAYA);

    await owner.goto('/team/agents');
    const icon = row(owner, MAYA).locator('.status-icon');
    await expect.poll(() => icon.getAttribute('data-status')).toBe('active');
    await icon.focus();
    await owner.keyboard.press('Enter');
    const dialog = owner.getByTestId('end-sessions-dialog');
    await dialog.waitFor();
    await owner.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focused(owner)).toMatchObject({ tag: 'BUTTON', account: MAYA });

    // Ending it turns the button into the red icon: focus goes to that icon, not to the page.
    await owner.keyboard.press('Enter');
    await dialog.getByRole('button', { name: /^End session/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => icon.getAttribute('data-status')).toBe('none');
    await expect.poll(() => focused(owner)).toMatchObject({ tag: 'SPAN', account: MAYA });

    // A dialog with its own trigger.
    await owner.getByTestId('add-account').click();
    await owner.getByTestId('add-account-dialog').waitFor();
    await owner.keyboard.press('Escape');
    await expect.poll(() => focused(owner)).toMatchObject({ testId: 'add-account' });

    // The shared confirmation (Settings › Security › Active sessions).
    await owner.goto('/settings/security/sessions');
    const forceClose = owner.getByRole('button', { name: /Force close .*'s session/ }).nth(1);
    const name = await forceClose.getAttribute('aria-label');
    await forceClose.click();
    await owner.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => focused(owner)).toMatchObject({ tag: 'BUTTON', label: name });
  });
});

describe('what a sub-administrator may not do shows, with why', () => {
  it('greys the chain to a linked administrator without Team › Administrators, and says which grant it needs', async () => {
    const sam = await open();
    await signIn(sam, SAM, { account: 'admin' });
    await sam.goto('/team/agents');
    const chain = row(sam, SAM).getByTestId('linked-icon');
    await chain.waitFor();
    expect(await chain.getAttribute('data-locked')).toBe('true');
    expect(await chain.evaluate((el) => el.tagName)).toBe('SPAN');
    expect(await chain.getAttribute('aria-label')).toContain('needs the Team › Administrators grant');
    await chain.hover();
    await expect.poll(() => tooltip(sam).innerText()).toContain('Opening it needs the Team › Administrators grant');
    const before = sam.url();
    await chain.click();
    await sam.waitForTimeout(300);
    expect(sam.url()).toBe(before);
    await sam.mouse.move(640, 20, { steps: 4 });
    await expectAccessible(sam);
  });

  it('shows the primary administrator’s session icon as locked, not as a button, with the reason', async () => {
    const noor = await open();
    await signIn(noor, NOOR, { account: 'admin' });
    await noor.goto('/team/admins');
    const icon = row(noor, OWNER).locator('.status-icon');
    await expect.poll(() => icon.getAttribute('data-status')).toBe('active');
    expect(await icon.getAttribute('data-locked')).toBe('true');
    expect(await icon.evaluate((el) => el.tagName)).toBe('SPAN');
    expect(await icon.getAttribute('aria-label')).toContain('Only the primary administrator can end their own sessions');
    expect(await icon.evaluate(styleOf, 'cursor')).toBe('default');
    await icon.hover();
    await expect.poll(() => tooltip(noor).innerText()).toContain('Only the primary administrator can end their own sessions');
    await icon.click();
    expect(await noor.getByRole('dialog').count()).toBe(0);
    await expectAccessible(noor);

    // The bulk confirmation says beforehand that the primary administrator stays signed in.
    await row(noor, OWNER).getByRole('checkbox').click();
    await row(noor, SAM).getByRole('checkbox').click();
    await noor.getByTestId('bulk-end').click();
    const note = noor.getByTestId('end-refused-note');
    await note.waitFor();
    expect(await note.innerText()).toMatch(/Olivia Grant is the primary administrator: only they can end their own sessions/);
    expect(await noor.getByRole('dialog').innerText()).toContain('Olivia Grant (stays signed in)');
    // Only Sam's sessions end: the title and the button count him alone.
    expect(await noor.getByRole('dialog').getByRole('heading').innerText()).toBe('End sessions of 1 account?');
    await noor.getByRole('dialog').getByRole('button', { name: 'End sessions (1)' }).waitFor();
    await expectAccessible(noor);
    await noor.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => focused(noor)).toMatchObject({ testId: 'bulk-end' });
  });

  it('keeps the session card of an account with many sessions inside the window, the reason first', async () => {
    // The owner signs in eight more times: the card of an account with that many sessions used to
    // list all of them and run off the bottom of the window, the reason last and out of reach.
    const extra = await open();
    await extra.goto('/sign-in');
    for (let i = 0; i < 8; i++) {
      const status = await extra.evaluate(
        async ([email, password]) =>
          (await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ workspace: 'demo', email, password }) }))
            .status,
        [OWNER, DEMO_PASSWORD],
      );
      expect(status).toBe(200);
    }
    const noor = await open({ width: 1440, height: 800 });
    await signIn(noor, NOOR, { account: 'admin' });
    await noor.goto('/team/admins');
    const icon = row(noor, OWNER).locator('.status-icon');
    await expect.poll(() => icon.getAttribute('data-status')).toBe('active');
    const sessions = Number(/(\d+) active sessions/.exec((await icon.getAttribute('aria-label'))!)?.[1]);
    expect(sessions).toBeGreaterThanOrEqual(9);
    expect(await icon.getAttribute('aria-label')).toContain('Only the primary administrator can end their own sessions');
    await icon.hover();
    const card = tooltip(noor);
    await card.waitFor();
    const box = (await tooltip(noor).boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(800);
    const reason = card.getByText('Only the primary administrator can end their own sessions.');
    const reasonBox = (await reason.boundingBox())!;
    expect(reasonBox.y).toBeGreaterThanOrEqual(0);
    expect(reasonBox.y + reasonBox.height).toBeLessThanOrEqual(800);
    expect(await card.locator('.session-tip-item').count()).toBe(2);
    expect(await card.innerText()).toContain(`and ${sessions - 2} more sessions`);
    await noor.mouse.move(720, 20, { steps: 4 });

    // At 1440 px the device is cut with an ellipsis, and "+N" (the account's other sessions) stays in view.
    const cell = row(noor, OWNER).locator('td.col-ip');
    const device = cell.locator('.device-name');
    expect(await device.evaluate(styleOf, 'text-overflow')).toBe('ellipsis');
    const more = cell.locator('.device-more');
    expect(await more.innerText()).toBe(`+${sessions - 1}`);
    const [cellBox, moreBox] = [(await cell.boundingBox())!, (await more.boundingBox())!];
    expect(moreBox.width).toBeGreaterThan(0);
    expect(moreBox.x + moreBox.width).toBeLessThanOrEqual(cellBox.x + cellBox.width);
    await extra.context().close();
  });

  it('counts, in the bulk confirmation, the accounts whose sessions end, and says how many selected have none', async () => {
    await owner.goto('/team/agents');
    const rows = owner.locator('tbody tr[data-account]');
    await expect.poll(() => rows.count()).toBeGreaterThan(6);
    let active = 0;
    for (let i = 0; i < 6; i++) {
      await rows.nth(i).getByRole('checkbox').click();
      if ((await rows.nth(i).locator('.status-icon').getAttribute('data-status')) === 'active') active++;
    }
    const none = 6 - active;
    expect(active).toBeGreaterThan(1);
    expect(none).toBeGreaterThan(1);
    await owner.getByTestId('bulk-end').click();
    const dialog = owner.getByTestId('end-sessions-dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').innerText()).toBe(`End sessions of ${active} accounts?`);
    await dialog.getByRole('button', { name: `End sessions (${active})` }).waitFor();
    expect(await dialog.getByTestId('end-none-note').innerText()).toBe(`${none} selected accounts have no active session.`);
    await expectAccessible(owner);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await owner.getByRole('region', { name: 'Selection' }).getByRole('button', { name: 'Clear' }).click();
  });

  it('warns that force-closing your own current session signs you out', async () => {
    await owner.goto('/settings/security/sessions');
    const mine = owner.locator('tbody tr', { has: owner.locator('.badge', { hasText: 'You' }) });
    await mine
      .first()
      .getByRole('button', { name: /Force close/ })
      .click();
    const dialog = owner.getByRole('dialog');
    await dialog.getByTestId('close-self-note').waitFor();
    expect(await dialog.innerText()).toContain('Force close your own session?');
    expect(await dialog.innerText()).toContain('This is you');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    // Another person's session carries no such warning.
    await owner
      .locator('tbody tr', { hasNot: owner.locator('.badge', { hasText: 'You' }) })
      .first()
      .getByRole('button', { name: /Force close/ })
      .click();
    await owner.getByRole('dialog').waitFor();
    expect(await owner.getByTestId('close-self-note').count()).toBe(0);
    await owner.keyboard.press('Escape');
  });
});

describe('Settings › Security says what is wrong next to the field', () => {
  it('keeps the caller’s address after saving and in the lock-out confirmation', async () => {
    await owner.goto('/settings/security');
    const idle = owner.getByLabel('Agent idle timeout', { exact: true });
    await idle.fill('10');
    await owner.getByTestId('save-security').click();
    await owner.getByText('Security settings saved.').waitFor();
    expect(await owner.locator('#allowlist-help').innerText()).toContain('Your address is 127.0.0.1.');

    await owner.getByLabel('IP allow list').fill('10.0.0.0/8');
    await expect.poll(() => owner.getByTestId('allowlist-preview').innerText(), { timeout: 5000 }).toContain('Including yours');
    await owner.getByTestId('save-security').click();
    const dialog = owner.getByRole('dialog');
    expect(await dialog.innerText()).toContain('Your address 127.0.0.1 is outside the new allow list');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    // Focus is back on Save, which opened it.
    await expect.poll(() => focused(owner)).toMatchObject({ testId: 'save-security' });
  });

  it('explains an idle timeout of 0 beside the field, and which allow-list lines are not addresses', async () => {
    await owner.goto('/settings/security');
    const idle = owner.getByLabel('Agent idle timeout', { exact: true });
    await idle.fill('0');
    const idleError = owner.getByTestId('agent-idle-error');
    await idleError.waitFor();
    expect(await idleError.innerText()).toContain('Enter a number greater than 0');
    expect(await idle.getAttribute('aria-invalid')).toBe('true');
    expect(await idle.getAttribute('aria-describedby')).toContain('agent-idle-error');
    expect(await owner.getByTestId('save-security').isDisabled()).toBe(true);
    await idle.fill('1000'); // hours: past 30 days
    await expect.poll(() => idleError.innerText()).toContain('Choose between 5 minutes and 30 days');
    await idle.fill('12');
    await idleError.waitFor({ state: 'detached' });

    const allow = owner.getByLabel('IP allow list');
    await allow.fill('10.0.0.0/8\nnot-an-ip\n203.0.113.0/24, 300.1.1.1/8\n2001:db8::/32\n10.0.0.0/33');
    await allow.blur();
    const allowError = owner.getByTestId('allowlist-error');
    await allowError.waitFor();
    const text = await allowError.innerText();
    expect(text).toContain('Line 2: not-an-ip');
    expect(text).toContain('Line 3: 300.1.1.1/8');
    expect(text).toContain('Line 5: 10.0.0.0/33');
    expect(text).not.toContain('2001:db8');
    expect(text).not.toContain('203.0.113.0/24');
    expect(await allow.getAttribute('aria-invalid')).toBe('true');
    expect(await owner.getByTestId('save-security').isDisabled()).toBe(true);
    await expectAccessible(owner);
    // Fixed as typed: the message goes, and Save can be used again.
    await allow.fill('10.0.0.0/8');
    await allowError.waitFor({ state: 'detached' });
    await allow.fill('');
    expect(await owner.getByTestId('save-security').isDisabled()).toBe(false);
  });
});

describe('presence', () => {
  it('shows "Last seen" with the exact time on hover once an account goes offline', async () => {
    const agent = await open();
    await signIn(agent, 'ana.souza@example.com');
    await owner.goto('/team/agents');
    const ana = row(owner, 'ana.souza@example.com');
    await expect.poll(() => ana.locator('.presence').innerText(), { timeout: 5000 }).toBe('Online');
    expect(await ana.getByTestId('last-seen').count()).toBe(0);
    await agent.close();
    await owner.reload();
    await expect.poll(() => ana.locator('.presence').innerText(), { timeout: 10_000 }).toBe('Offline');
    await expect.poll(() => ana.getByTestId('last-seen').innerText(), { timeout: 10_000 }).toMatch(/^Last seen (just now|\d+ minutes? ago)$/);
    await ana.getByTestId('last-seen').locator('time').hover();
    await expect.poll(() => tooltip(owner).innerText()).toMatch(/\d{1,2}:\d{2}/);
    // Her profile says it too.
    await ana.locator('a.person-link').click();
    await owner.getByTestId('last-seen').waitFor();
  });
});

describe('the sign-in page', () => {
  it('styles the Workspace field like the others', async () => {
    const page = await open();
    await page.goto('/sign-in');
    const style = (label: string) =>
      page.getByLabel(label, { exact: true }).evaluate(styleOf, ['height', 'border-top-width', 'border-top-style', 'border-top-color', 'border-radius', 'padding-left']);
    expect(await style('Workspace')).toBe(await style('Email'));
    expect(await style('Workspace')).toBe(await style('Password'));
  });

  it('keeps keyboard focus after a refused sign-in and on the account choice, never on <body>', async () => {
    const page = await open();
    await page.goto('/sign-in');
    await submitSignIn(page, 'liam.walsh@example.com', { password: 'not-the-password' });
    await page.getByTestId('signin-error').waitFor();
    await expect.poll(() => page.evaluate<string | null>("document.activeElement?.getAttribute('name') ?? null")).toBe('password');

    await submitSignIn(page, SAM);
    await page.getByRole('heading', { name: 'Choose an account' }).waitFor();
    await expect.poll(() => page.evaluate<string>('document.activeElement?.id ?? ""')).toBe('choose-title');
  });

  it('after an account is disabled, shows the notice alone, also when signing in is refused', async () => {
    const maya = await open();
    await signIn(maya, MAYA);
    await owner.goto('/team/agents');
    await row(owner, MAYA).locator('a.person-link').click();
    await owner.getByRole('button', { name: 'Disable account' }).click();
    await owner.getByRole('dialog').getByRole('button', { name: 'Disable account' }).click();
    await maya.waitForURL('**/sign-in', { timeout: 3000 });
    await expect.poll(() => maya.getByTestId('signin-notice').innerText()).toContain('disabled');
    expect(await maya.getByTestId('signin-error').count()).toBe(0);
    await submitSignIn(maya, MAYA);
    await expect.poll(() => maya.getByTestId('signin-notice').innerText()).toContain('This account is disabled');
    expect(await maya.getByTestId('signin-error').count()).toBe(0);
    expect(await maya.locator('.banner').count()).toBe(1);
    await expectAccessible(maya);
  });

  it('keeps a long toast’s icon at full size', async () => {
    await owner.goto('/team/agents');
    await owner.getByTestId('add-account').click();
    const dialog = owner.getByTestId('add-account-dialog');
    await dialog.getByLabel('Name').fill(`Bartholomew ${'Longname-'.repeat(8)}Smith`);
    await dialog.getByLabel('Email').fill('bartholomew.long@example.com');
    await dialog.getByLabel('Password', { exact: true }).fill('a long enough password');
    await dialog.getByRole('button', { name: 'Add agent' }).click();
    const toast = owner.locator('.toast').last();
    await toast.waitFor();
    expect((await toast.boundingBox())!.height).toBeGreaterThan(40); // it wraps
    expect(await toast.locator('svg').evaluate((el) => [el.getBoundingClientRect().width, el.getBoundingClientRect().height])).toEqual([16, 16]);
  });
});

describe('a phone 360 px wide', () => {
  it('shows every screen without sideways scrolling', async () => {
    const phone = await open({ width: 360, height: 740 });
    const fits = async (what: string) => {
      // Wait for the lists: no skeleton left.
      await expect.poll(() => phone.locator('[aria-busy="true"]').count(), { timeout: 10_000 }).toBe(0);
      await phone.waitForTimeout(200);
      const [scroll, client] = await widths(phone);
      expect(scroll, `${what} is ${scroll}px wide in a ${client}px window`).toBeLessThanOrEqual(client);
    };
    await phone.goto('/sign-in');
    await fits('the sign-in page');

    await signIn(phone, OWNER);
    const mayaId = await phone.evaluate(
      async (email) => ((await (await fetch(`/api/team/agents?q=${encodeURIComponent(email)}`)).json()) as { accounts: { id: string }[] }).accounts[0]!.id,
      MAYA,
    );
    const samId = await phone.evaluate(
      async (email) => ((await (await fetch(`/api/team/admins?q=${encodeURIComponent(email)}`)).json()) as { accounts: { id: string }[] }).accounts[0]!.id,
      SAM,
    );
    for (const path of [
      '/team/agents',
      '/team/admins',
      `/team/accounts/${mayaId}`,
      `/team/accounts/${samId}`,
      '/settings/security',
      '/settings/security/sessions',
      '/settings/integrations',
      '/audit',
      '/account/sessions',
      '/account/authorized-apps',
    ]) {
      await phone.goto(path);
      await phone.locator('main h1').first().waitFor();
      await fits(path);
    }
    // Tables are stacked rows here, with the cell's name beside each value.
    await phone.goto('/settings/security/sessions');
    const first = phone.locator('table[aria-label="Active sessions"] tbody tr').first();
    await first.waitFor();
    expect(await first.locator('td').first().evaluate(styleOf, 'display')).toBe('grid');
    await expectAccessible(phone);
    await phone.goto('/audit');
    await phone.locator('tbody tr').first().waitFor();
    await fits('the audit log with its events');
    await expectAccessible(phone);

    // An agent's screens too.
    const agentPhone = await open({ width: 360, height: 740 });
    await signIn(agentPhone, 'liam.walsh@example.com');
    for (const path of ['/workspace', '/account/sessions', '/account/authorized-apps']) {
      await agentPhone.goto(path);
      await agentPhone.locator('main h1').first().waitFor();
      await expect.poll(() => agentPhone.locator('[aria-busy="true"]').count(), { timeout: 10_000 }).toBe(0);
      const [scroll, client] = await widths(agentPhone);
      expect(scroll, `${path} (agent) is ${scroll}px wide`).toBeLessThanOrEqual(client);
    }
    // Every screen twice over: on a loaded machine that is more than the default minute.
  }, 180_000);

  // Last: it gives the primary administrator's login a second account, so its sign-in asks which.
  it('locks the primary administrator’s agent account for a sub-administrator, and says why', async () => {
    const olivia = await open();
    await signIn(olivia, OWNER);
    const made = await olivia.request.post('/api/team/agents', { data: { name: 'Olivia at the desk', email: OWNER } });
    expect(made.status()).toBe(201);
    const desk = ((await made.json()) as { account: { id: string } }).account.id;
    const deskTab = await open();
    await signIn(deskTab, OWNER, { account: 'agent' });

    const noor = await open();
    await signIn(noor, NOOR, { account: 'admin' });
    await noor.goto('/team/agents');
    const icon = row(noor, OWNER).locator('.status-icon');
    await expect.poll(() => icon.getAttribute('data-status')).toBe('active');
    expect(await icon.getAttribute('data-locked')).toBe('true');
    expect(await icon.getAttribute('aria-label')).toContain('Only the primary administrator can end their own sessions');
    await noor.goto(`/team/accounts/${desk}`);
    const note = noor.locator('#protected-note');
    await note.waitFor();
    expect(await note.innerText()).toBe('This is the primary administrator’s agent account: only they can rename it, change it or end its sessions.');
    await expectAccessible(noor);
  });
});
