import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, focused, focusedId, scrollsSideways, shoot, signIn, useBrowser } from './helpers.js';

// Settings › Integrations and My account › Authorized apps, in a real browser against a real
// demo server: a service key and a personal access token are made, shown once, used from outside
// the browser (fetch, as another app would), revoked in the console and then refused.

const OWNER = 'owner@example.com'; // Olivia Grant, primary administrator
const NOOR = 'noor.haddad@example.com'; // sub-administrator (given `integrations` below), with a linked agent account
const SAM = 'sam.rivera@example.com'; // sub-administrator without `integrations`
const MAYA = 'maya.chen@example.com'; // agent

const e2e = useBrowser();
const open = (size: { width?: number; height?: number } = {}) => e2e.open({ ...size, permissions: ['clipboard-read', 'clipboard-write'] });

/** A call from outside the browser, as another app would make it. */
function call(path: string, bearer: string, body?: unknown): Promise<Response> {
  return fetch(`${e2e.server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

let owner: Page;
let maya: Page;
let mayaTokenName = '';

describe('Settings › Integrations: service keys', () => {
  it('makes a key, shows its secret once with a copy button, lists it, and revokes it', async () => {
    owner = await open();
    await signIn(owner, OWNER);
    const nav = owner.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Integrations' }).click();
    await owner.waitForURL('**/settings/integrations');
    const keys = owner.getByTestId('service-keys');
    await keys.getByText('No service key yet').waitFor();
    await owner.getByTestId('workspace-tokens').getByText('Nobody has made a token').waitFor();
    await expectAccessible(owner);

    await owner.getByTestId('new-key').click();
    const dialog = owner.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Help desk inbox');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const secretField = dialog.getByTestId('secret-value');
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^ghsk_/);
    expect(await dialog.innerText()).toContain('you will not see it again');
    await dialog.getByTestId('copy-secret').click();
    await dialog.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await owner.evaluate<string>('navigator.clipboard.readText()')).toBe(secret);
    await expectAccessible(owner);

    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Focus is back on the button that opened the dialog.
    await expect.poll(() => focused(owner)).toBe('new-key');
    const row = keys.locator('tr[data-key="Help desk inbox"]');
    await row.waitFor();
    expect(await row.innerText()).toContain(secret.slice(0, 11));
    expect(await row.innerText()).toContain('Olivia Grant');
    expect(await row.innerText()).toContain('Active');
    // The secret is nowhere on the page any more.
    expect(await owner.content()).not.toContain(secret);

    // Another app uses the key: an unknown session cookie is simply not active.
    const ok = await call('/api/introspect', secret, { token: 'not-a-session' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ active: false });
    await owner.reload();
    await expect.poll(() => row.innerText()).toContain('127.0.0.1');

    // Revoking asks first, naming what stops working; Cancel leaves focus on the row's button.
    await row.getByRole('button', { name: 'Revoke the key Help desk inbox' }).click();
    const confirm = owner.getByRole('dialog');
    expect(await confirm.innerText()).toMatch(/Every app that uses Help desk inbox .* is refused from now on/);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => focused(owner)).toBe('Revoke');
    await row.getByRole('button', { name: 'Revoke the key Help desk inbox' }).click();
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => row.innerText()).toContain('Revoked');
    expect(await row.getByRole('button').count()).toBe(0);
    // Its button is gone, so focus lands on the section's heading, not lost on the page.
    await expect.poll(() => focusedId(owner)).toBe('keys-title');

    const refused = await call('/api/introspect', secret, { token: 'not-a-session' });
    expect(refused.status).toBe(401);
  });

  it('is not offered to a sub-administrator without the grant, and says so at its address', async () => {
    const sam = await open();
    await signIn(sam, SAM, { account: 'admin' });
    const links = await sam.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(links).not.toContain('Integrations');
    await sam.goto('/settings/integrations');
    await sam.getByText('You do not have access to this section').waitFor();
    expect(await sam.getByTestId('service-keys').count()).toBe(0);
  });
});

describe('My account › Authorized apps', () => {
  it('makes a token as an agent, which then calls the API as her until she revokes it', async () => {
    maya = await open();
    await signIn(maya, MAYA);
    await maya.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Authorized apps' }).click();
    await maya.waitForURL('**/account/authorized-apps');
    await maya.getByText('No authorized app yet').waitFor();
    await expectAccessible(maya);

    await maya.getByTestId('new-token').click();
    const dialog = maya.getByRole('dialog');
    // Each scope says what it allows.
    expect(await dialog.innerText()).toContain('GET calls only');
    await dialog.getByLabel('Name').fill('Weekly report script');
    await dialog.getByLabel('Full access').check();
    await dialog.getByLabel('Expires after').selectOption('90');
    await expectAccessible(maya);
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const secret = await dialog.getByTestId('secret-value').inputValue();
    expect(secret).toMatch(/^ghpat_/);
    expect(await dialog.innerText()).toContain('you will not see it again');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => focused(maya)).toBe('new-token');

    const row = maya.locator('tr[data-token="Weekly report script"]');
    await row.waitFor();
    expect(await row.innerText()).toContain('Full access');
    expect(await row.innerText()).toContain('Never');

    // The token works from outside the browser, as Maya.
    const me = await call('/api/me', secret);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { account: { email: string } }).account.email).toBe(MAYA);
    await maya.reload();
    await expect.poll(() => row.innerText()).toContain('127.0.0.1');

    // A second, read-only one stays active for the administrator's list below.
    await maya.getByTestId('new-token').click();
    await dialog.getByLabel('Name').fill('Dashboard');
    await dialog.getByRole('button', { name: 'Create token' }).click();
    await dialog.getByTestId('secret-value').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await maya.locator('tr[data-token="Dashboard"]').waitFor();
    mayaTokenName = 'Dashboard';
    await shoot(maya, 'authorized-apps');
    await expectAccessible(maya);

    await row.getByRole('button', { name: 'Revoke the token Weekly report script' }).click();
    const confirm = maya.getByRole('dialog');
    expect(await confirm.innerText()).toContain('is refused from its next call');
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => row.innerText()).toContain('Revoked');

    const refused = await call('/api/me', secret);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
  });

  it('reads at 360 px wide without sideways scrolling: each token a card', async () => {
    const phone = await open({ width: 360, height: 780 });
    await signIn(phone, MAYA);
    await phone.goto('/account/authorized-apps');
    await phone.locator('tr[data-token="Dashboard"]').waitFor();
    expect(await scrollsSideways(phone)).toBe(false);
    await expectAccessible(phone);
  });
});

describe('Settings › Integrations: the workspace’s tokens', () => {
  it('lists every token with its owner; a sub-administrator is told why the primary administrator’s cannot be revoked', async () => {
    // Olivia makes a token of her own (from her signed-in browser, as the console would).
    const made = await owner.request.post('/api/me/tokens', { data: { name: 'Owner backup script', scope: 'read', expiresInDays: 7 }, headers: { origin: e2e.server.url } });
    expect(made.status()).toBe(201);
    // Noor is given the integrations grant.
    const admins = await owner.request.get(`/api/team/admins?q=${encodeURIComponent(NOOR)}`).then((r) => r.json());
    const noorAdmin = admins.accounts[0] as { id: string; grants: string[] };
    const granted = await owner.request.patch(`/api/team/accounts/${noorAdmin.id}`, {
      data: { grants: [...noorAdmin.grants, 'integrations'] },
      headers: { origin: e2e.server.url },
    });
    expect(granted.status()).toBe(200);

    const noor = await open();
    await signIn(noor, NOOR, { account: 'admin' });
    await noor.goto('/settings/integrations');
    const tokens = noor.getByTestId('workspace-tokens');
    const ownerRow = tokens.locator('tr[data-token="Owner backup script"]');
    await ownerRow.waitFor();
    expect(await ownerRow.innerText()).toContain('Olivia Grant');
    expect(await ownerRow.innerText()).toContain('Read-only');
    await ownerRow.getByRole('button', { name: /Revoke Olivia Grant’s token/ }).click();
    const confirm = noor.getByRole('dialog');
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    // The server's refusal, in its own words, inside the dialog; nothing was revoked.
    await confirm.getByRole('alert').waitFor();
    expect(await confirm.getByRole('alert').innerText()).toContain('A sub-administrator cannot');
    await noor.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    expect(await ownerRow.innerText()).toContain('Active');

    // Olivia revokes Maya's remaining token from the same list.
    await owner.goto('/settings/integrations');
    const mayaRow = owner.getByTestId('workspace-tokens').locator(`tr[data-token="${mayaTokenName}"]`);
    await mayaRow.waitFor();
    expect(await mayaRow.innerText()).toContain('Maya Chen');
    await shoot(owner, 'integrations', { fullPage: true });
    await mayaRow.getByRole('button', { name: `Revoke Maya Chen’s token ${mayaTokenName}` }).click();
    const ownerConfirm = owner.getByRole('dialog');
    expect(await ownerConfirm.innerText()).toContain('act as Maya Chen');
    await ownerConfirm.getByRole('button', { name: 'Revoke token' }).click();
    await ownerConfirm.waitFor({ state: 'detached' });
    await expect.poll(() => mayaRow.innerText()).toContain('Revoked');
    await expectAccessible(owner);
  });

  it('reads at 360 px wide without sideways scrolling', async () => {
    const phone = await open({ width: 360, height: 780 });
    await signIn(phone, OWNER);
    await phone.goto('/settings/integrations');
    await phone.getByTestId('workspace-tokens').locator('tr[data-token="Owner backup script"]').waitFor();
    expect(await scrollsSideways(phone)).toBe(false);
    await expectAccessible(phone);
  });
});
