import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { authMethodShown, expectAccessible, shoot, signIn, submitSignIn, useBrowser } from './helpers.js';

// Two-factor sign-in (issue 16) in a real browser against a real demo server: an agent sets up an
// authenticator app from My account (the code computed here from the key the page shows, as an app
// would), signs out, signs in with her password and a code, and her session says how it began.

const MAYA = 'maya.chen@example.com'; // agent

const { open } = useBrowser();

const STEP_MS = 30_000;
const totpOf = (key: string) => new TOTP({ secret: Secret.fromBase32(key), algorithm: 'SHA1', digits: 6, period: 30 });
/** A code is accepted once per 30-second step: wait for the step after `used`. */
async function stepAfter(used: number): Promise<void> {
  while (Math.floor(Date.now() / STEP_MS) <= used) await new Promise((resolve) => setTimeout(resolve, 250));
}

describe('two-factor sign-in', () => {
  it('enrols an agent from My account, then signs her in with password and code, and the session shows it', { timeout: 90_000 }, async () => {
    const page = await open();
    await signIn(page, MAYA);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Two-factor' }).click();
    await page.waitForURL('**/account/two-factor');
    await page.getByText('Sign-in asks for your password only.').waitFor();
    await page.getByTestId('start-totp').click();
    const keyShown = page.getByTestId('totp-secret');
    await keyShown.waitFor();
    expect(await page.getByRole('img', { name: /QR code/ }).count()).toBe(1);
    const key = (await keyShown.innerText()).replace(/\s+/g, '');
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    await expectAccessible(page);
    await shoot(page, 'two-factor-enrol');

    const enrolledAt = Date.now();
    await page.getByLabel('Code from the app').fill(totpOf(key).generate({ timestamp: enrolledAt }));
    await page.getByTestId('confirm-totp').click();
    const codes = page.getByTestId('recovery-codes');
    await codes.waitFor();
    expect(await codes.locator('li').count()).toBe(10);
    expect(await page.innerText('body')).toContain('you will not see them again');
    await expectAccessible(page);
    await page.getByTestId('recovery-done').click();
    await page.getByText(/Authenticator app set up/).waitFor();
    // The key is never shown again.
    expect(await page.content()).not.toContain(key);

    await page.getByTestId('account-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');

    await submitSignIn(page, MAYA);
    await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
    const codeField = page.getByLabel('Authentication code');
    expect(await codeField.getAttribute('autocomplete')).toBe('one-time-code');
    // The recovery-code switch is there, and back.
    await page.getByTestId('toggle-recovery').click();
    await page.getByLabel('Recovery code').waitFor();
    await page.getByTestId('toggle-recovery').click();
    await expectAccessible(page);
    await shoot(page, 'sign-in-second-factor');

    await stepAfter(Math.floor(enrolledAt / STEP_MS));
    await page.getByLabel('Authentication code').fill(totpOf(key).generate());
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByTestId('account-menu').waitFor();

    expect(await authMethodShown(page)).toBe('Password and authenticator app');
    await expectAccessible(page);
  });
});
