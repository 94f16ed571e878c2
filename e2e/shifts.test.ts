import { describe, expect, it } from 'vitest';
import { expectAccessible, scrollsSideways, shoot, signIn, submitSignIn, useBrowser } from './helpers.js';

// Working hours (issue 16) in a real browser against a real demo server. No clock is moved: the
// administrator gives the agent a shift that ends within a minute and a half (schedules have minute
// granularity, in the workspace's zone, UTC in the demo), so the ten-minute warning arrives at
// the next shift check and the sign-out at the end. The server checks every second here
// (SHIFT_CHECK_INTERVAL_MS), instead of every 20 s.

const OWNER = 'owner@example.com';
const MAYA = 'maya.chen@example.com'; // agent

const { open } = useBrowser({ SHIFT_CHECK_INTERVAL_MS: '1000' });

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const hhmm = (d: Date) => d.toISOString().slice(11, 16);

describe('shifts', () => {
  it('warns an agent’s tab that its shift ends, then signs it out at the end, and refuses its sign-in after', { timeout: 240_000 }, async () => {
    const agent = await open({ timeout: 15_000 });
    const admin = await open({ timeout: 15_000 });

    // No hours set yet: the agent signs in whenever.
    await signIn(agent, MAYA);
    await agent.getByTestId('my-presence').waitFor();

    await signIn(admin, OWNER);
    const list = await admin.request.get('/api/team/agents?q=maya');
    const maya = ((await list.json()) as { accounts: { id: string; email: string }[] }).accounts.find((a) => a.email === MAYA)!;
    await admin.goto(`/team/accounts/${maya.id}`);
    const section = admin.getByRole('region', { name: 'Working hours' });
    await section.getByTestId('hours-standing').waitFor();
    expect(await section.getByTestId('hours-standing').innerText()).toContain('never signed out by shifts');

    // Today's shift: from an hour ago (not before midnight) to the first minute at least 30 s from
    // now, in UTC: time enough to save it before it ends. A shift cannot end past midnight: that
    // close to it, the test waits for the new day.
    const endAfter = (t: number) => Math.ceil((t + 30_000) / 60_000) * 60_000;
    const dayOf = (t: number) => Math.floor(t / 86_400_000);
    if (dayOf(endAfter(Date.now())) !== dayOf(Date.now())) await admin.waitForTimeout(86_400_000 - (Date.now() % 86_400_000) + 1000);
    const now = new Date();
    const start = new Date(Math.max(now.getTime() - 60 * 60_000, Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())));
    const end = new Date(endAfter(now.getTime()));
    await section.getByTestId('own-schedule-toggle').check();
    const day = section.locator(`input[data-day="${WEEKDAYS[start.getUTCDay()]}"]`);
    await day.fill(`${hhmm(start)}–${hhmm(end)}`);
    await section.getByTestId('save-schedule').click();
    await expect.poll(() => section.getByTestId('hours-standing').innerText()).toBe(`Working now, until ${hhmm(end)} (UTC).`);
    await expectAccessible(admin);
    await shoot(admin, 'shift-editor');

    // Less than ten minutes are left: the agent's open tab is warned at the next check.
    const banner = agent.getByTestId('shift-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toContain(`Your shift ends at ${hhmm(end)}`);
    await expectAccessible(agent);

    // At the end, the tab is signed out with the reason in words.
    const notice = agent.getByTestId('signin-notice');
    await notice.waitFor({ timeout: end.getTime() - Date.now() + 30_000 });
    expect(await notice.innerText()).toContain('Your shift has ended');
    expect(Date.now()).toBeGreaterThanOrEqual(end.getTime());

    // And a new sign-in is refused, saying when the next shift starts.
    await submitSignIn(agent, MAYA);
    await agent.getByText('You are outside your working hours. Your next shift starts').waitFor();
  });

  it('edits the workspace’s hours in Settings › Security at 360 px without sideways scrolling', { timeout: 60_000 }, async () => {
    const page = await open({ width: 360, height: 740, timeout: 15_000 });
    await signIn(page, OWNER);
    await page.goto('/settings/security');
    const form = page.getByTestId('working-hours-form');
    await form.waitFor();
    // Nothing to save until something changes.
    expect(await page.getByTestId('save-working-hours').isDisabled()).toBe(true);
    await page.getByLabel('Time zone').fill('Europe/Berlin');
    await page.getByTestId('default-schedule-toggle').check();
    await page.locator('input[data-day="monday"]').fill('09:00-17:00');
    await page.locator('input[data-day="tuesday"]').fill('09:00-17:00, 16:00-18:00');
    await page.getByTestId('save-working-hours').click();
    await page.getByText('Tuesday 09:00–17:00 overlaps Tuesday 16:00–18:00.').waitFor();
    await page.locator('input[data-day="tuesday"]').fill('22:00-06:00');
    await page.getByTestId('save-working-hours').click();
    await page.getByText('Working hours saved.').waitFor();
    await expect.poll(() => page.getByTestId('save-working-hours').isDisabled()).toBe(true);
    expect(await scrollsSideways(page)).toBe(false);
    await expectAccessible(page);
    const saved = (await (await page.request.get('/api/settings/working-hours')).json()) as { timeZone: string; schedule: Record<string, unknown> };
    expect(saved.timeZone).toBe('Europe/Berlin');
    expect(saved.schedule.tuesday).toEqual([{ from: '22:00', to: '06:00' }]);
  });
});
