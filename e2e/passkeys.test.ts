import { describe, expect, it } from 'vitest';
import { authMethodShown, expectAccessible, scrollsSideways, shoot, signIn, submitSignIn, useBrowser } from './helpers.js';

// Passkeys (issue 16) in a real browser against a real demo server, with Chromium's virtual
// authenticator (DevTools protocol) standing in for a phone or a security key: an agent adds a
// passkey on My account › Two-factor, signs out, signs in with her password and the passkey, and
// her session says how it began.

const MAYA = 'maya.chen@example.com'; // agent

const e2e = useBrowser();

describe('passkeys', () => {
  it('adds a passkey on the Two-factor page, then signs in with password and passkey, and the session shows it', { timeout: 90_000 }, async () => {
    // WebAuthn takes a host name as its RP ID, never an IP address: the same server, named localhost.
    const page = await e2e.open({ url: e2e.server.url.replace('127.0.0.1', 'localhost') });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await signIn(page, MAYA);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Two-factor' }).click();
    await page.waitForURL('**/account/two-factor');
    await page.getByText('No passkey or security key yet.').waitFor();
    await page.getByTestId('passkey-name').fill('Work laptop');
    await page.getByTestId('add-passkey').click();
    // The first factor of the login: ten recovery codes, shown once.
    const codes = page.getByTestId('recovery-codes');
    await codes.waitFor();
    expect(await codes.locator('li').count()).toBe(10);
    await page.getByTestId('recovery-done').click();
    const list = page.getByTestId('passkey-list');
    await list.getByText('Work laptop').waitFor();
    expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials).toHaveLength(1);
    await expectAccessible(page);

    // Rename it; focus returns to the button that opened the dialog.
    await page.getByRole('button', { name: 'Rename Work laptop' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rename Work laptop' });
    await dialog.getByLabel('Name').fill('Desk laptop');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await list.getByText('Desk laptop').waitFor();
    await shoot(page, 'two-factor-passkeys');

    await page.setViewportSize({ width: 360, height: 760 });
    await list.getByText('Desk laptop').waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByTestId('account-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');

    await submitSignIn(page, MAYA);
    await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
    // The code entry stays (a recovery code: this login has no authenticator app).
    await page.getByLabel('Recovery code').waitFor();
    await expectAccessible(page);
    await shoot(page, 'sign-in-passkey');
    await page.setViewportSize({ width: 360, height: 760 });
    expect(await scrollsSideways(page)).toBe(false);
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByTestId('use-passkey').click();
    await page.getByTestId('account-menu').waitFor();

    expect(await authMethodShown(page)).toBe('Password and passkey');
    await expectAccessible(page);
  });
});
