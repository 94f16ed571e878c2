import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, expectAccessible, focused, scrollsSideways, signIn, useBrowser } from './helpers.js';

// Recent re-authentication for dangerous acts (issue 16): the console meets 403
// reauthentication_required with "Confirm it's you", then repeats the act by itself.

const OWNER = 'owner@example.com';

const e2e = useBrowser();
const { open } = e2e;

/**
 * Moves a login's proof 11 minutes into the past, in the server's own SQLite file: the same as
 * those minutes having passed for its sessions, with no switch added to the product for tests.
 */
function ageProof(email: string): void {
  const db = new BetterSqlite3(path.join(e2e.server.dataDir, 'gatehouse.db'), { timeout: 5000 });
  try {
    const changed = db
      .prepare(
        `update sessions set proven_at = coalesce(proven_at, created_at) - 11 * 60000
          where ended_at is null and login_id in (select id from logins where email = ?)`,
      )
      .run(email).changes;
    expect(changed).toBeGreaterThan(0);
  } finally {
    db.close();
  }
}

describe('Confirm it’s you', () => {
  it('asks for the password before saving Settings › Security, says a wrong one beside the field, and saves without a second click', async () => {
    const page = await open();
    await signIn(page, OWNER);
    await page.goto('/settings/security');
    const idle = page.getByLabel('Agent idle timeout', { exact: true });
    await idle.fill('12');
    // Within 10 minutes of signing in, nothing is asked.
    await page.getByTestId('save-security').click();
    await page.getByText('Security settings saved.').waitFor();
    expect(await page.getByTestId('reauth-dialog').count()).toBe(0);
    // Its toast leaves after 5 s: gone, so that the one below can only be the second save's.
    await page.getByText('Security settings saved.').waitFor({ state: 'detached' });

    ageProof(OWNER);
    await idle.fill('13');
    await page.getByTestId('save-security').click();
    const dialog = page.getByTestId('reauth-dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').innerText()).toBe('Confirm it’s you');
    await expectAccessible(page);

    // Cancel: the change is not saved, nothing is red, and focus is back on Save.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('cancelled').waitFor();
    expect(await page.locator('.banner-error').count()).toBe(0);
    await expect.poll(() => focused(page)).toBe('save-security');

    await page.getByTestId('save-security').click();
    await dialog.waitFor();
    const field = dialog.getByLabel('Password');
    await field.fill('not my password');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    const error = page.getByTestId('reauth-error');
    await error.waitFor();
    expect(await error.innerText()).toBe('That password is not right.');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.getAttribute('aria-describedby')).toBe(await error.getAttribute('id'));
    await expectAccessible(page);

    await field.fill(DEMO_PASSWORD);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    // The save went through by itself.
    await page.getByText('Security settings saved.').waitFor();
    await dialog.waitFor({ state: 'detached' });
    await page.reload();
    await expect.poll(() => page.getByLabel('Agent idle timeout', { exact: true }).inputValue()).toBe('13');
  });

  it('asks before ending the sessions of two agents, then ends them', async () => {
    const page = await open();
    await signIn(page, OWNER);
    ageProof(OWNER);
    await page.goto('/team/agents');
    await page.getByTestId('filter-active').click();
    const rows = page.locator('tr[data-account]');
    await expect.poll(() => rows.count()).toBeGreaterThan(1);
    const names = [];
    for (const i of [0, 1]) {
      await rows.nth(i).getByRole('checkbox').click();
      names.push(await rows.nth(i).getAttribute('data-account'));
    }
    await page.getByTestId('bulk-end').click();
    const confirm = page.getByTestId('end-sessions-dialog');
    await confirm.getByRole('button', { name: 'End sessions (2)' }).click();

    const dialog = page.getByTestId('reauth-dialog');
    await dialog.waitFor();
    await dialog.getByLabel('Password').fill('wrong again');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('reauth-error').waitFor();
    await dialog.getByLabel('Password').fill(DEMO_PASSWORD);
    await dialog.getByRole('button', { name: 'Confirm' }).click();

    const summary = page.getByTestId('end-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toMatch(/\d+ sessions? ended[\s\S]*\d+ sessions? ended/);
    await dialog.waitFor({ state: 'detached' });
    expect(names).toHaveLength(2);
  });

  it('fits a 360 px screen', async () => {
    const page = await open({ width: 360, height: 740 });
    await signIn(page, OWNER);
    ageProof(OWNER);
    await page.goto('/settings/security');
    await page.getByLabel('Agent idle timeout', { exact: true }).fill('14');
    await page.getByTestId('save-security').click();
    const dialog = page.getByTestId('reauth-dialog');
    await dialog.waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    const box = await dialog.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    await page.keyboard.press('Escape');
    await page.getByTestId('cancelled').waitFor();
  });

  // Last: from here on the owner's login has a passkey (and signs in in two steps).
  it('confirms with a passkey: a cancelled browser prompt says so beside the button, then the passkey saves the change', { timeout: 90_000 }, async () => {
    // WebAuthn takes a host name as its RP ID, never an IP address: the same server, named localhost.
    const page = await open({ url: e2e.server.url.replace('127.0.0.1', 'localhost') });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await signIn(page, OWNER);
    await page.goto('/account/two-factor');
    await page.getByTestId('passkey-name').fill('Desk key');
    await page.getByTestId('add-passkey').click();
    await page.getByTestId('recovery-codes').waitFor();
    await page.getByTestId('recovery-done').click();
    await page.getByTestId('passkey-list').getByText('Desk key').waitFor();

    ageProof(OWNER);
    await page.goto('/settings/security');
    const idle = page.getByLabel('Agent idle timeout', { exact: true });
    await idle.fill('15');
    await page.getByTestId('save-security').click();
    const dialog = page.getByTestId('reauth-dialog');
    await dialog.waitFor();
    // The code field stays: this login has no authenticator app, so it takes a recovery code.
    await dialog.getByLabel('Recovery code').waitFor();
    const usePasskey = dialog.getByRole('button', { name: 'Use a passkey' });
    await expect.poll(() => focused(page)).toBe('reauth-passkey');

    // The person cancels the browser's own prompt once: the browser answers NotAllowedError.
    // (A script as text: the e2e files are type-checked without the DOM's types.)
    await page.evaluate(`{
      const real = navigator.credentials.get.bind(navigator.credentials);
      navigator.credentials.get = () => {
        navigator.credentials.get = real;
        return Promise.reject(new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError'));
      };
    }`);
    await usePasskey.click();
    const error = page.getByTestId('reauth-passkey-error');
    await error.waitFor();
    expect(await error.innerText()).toBe('The passkey request was cancelled or timed out. Try again, or use a code.');
    await expectAccessible(page);

    await usePasskey.click();
    // The save went through by itself.
    await page.getByText('Security settings saved.').waitFor();
    await dialog.waitFor({ state: 'detached' });
    await page.reload();
    await expect.poll(() => page.getByLabel('Agent idle timeout', { exact: true }).inputValue()).toBe('15');
  });
});
