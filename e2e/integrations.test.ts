import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { row, shoot, signIn, useBrowser } from './helpers.js';

// The "Done when", in a real browser: an agent signed in to Gatehouse opens another app
// (examples/express-inbox, behind @gatehouse/client's Express middleware) in the same browser; an
// administrator ends her session in the console; her inbox tab is refused on its next request,
// within a second of the end.

const OWNER = 'owner@example.com'; // Olivia Grant, primary administrator
const MAYA = 'maya.chen@example.com'; // Maya Chen, agent
const INBOX_ENTRY = path.resolve('examples/express-inbox/server.js');

const e2e = useBrowser();
const { open } = e2e;
let inbox: { url: string; child: ChildProcess; output: () => string } | undefined;

/** Starts the example on 127.0.0.1 (the host of Gatehouse's host-only cookie), any free port. */
async function startInbox(gatehouseUrl: string, serviceKey: string): Promise<NonNullable<typeof inbox>> {
  const child = spawn(process.execPath, [INBOX_ENTRY], {
    env: { ...process.env, GATEHOUSE_URL: gatehouseUrl, GATEHOUSE_SERVICE_KEY: serviceKey, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the inbox example did not start:\n${output}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /inbox serving at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the inbox example exited (${code}):\n${output}`));
    });
  });
  return { url, child, output: () => output };
}

// Runs before useBrowser's, which stops Gatehouse after the example.
afterAll(async () => {
  if (inbox && inbox.child.exitCode === null) {
    const exited = new Promise((resolve) => inbox?.child.once('exit', resolve));
    inbox.child.kill('SIGTERM');
    await exited;
  }
});

describe('examples/express-inbox behind Gatehouse', () => {
  it('shows the signed-in agent her inbox, and refuses her tab within a second of an administrator ending her session in the console', async () => {
    // The primary administrator makes a service key for the example.
    const owner = await open();
    await signIn(owner, OWNER);
    const made = await owner.request.post('/api/integrations/keys', { data: { name: 'express-inbox' }, headers: { origin: e2e.server.url } });
    expect(made.status()).toBe(201);
    const { secret } = (await made.json()) as { secret: string };
    expect(secret).toMatch(/^ghsk_/);
    inbox = await startInbox(e2e.server.url, secret);

    // Maya signs in to Gatehouse, then opens the inbox in the same browser: her cookie goes with it.
    const maya = await open();
    await signIn(maya, MAYA);
    const shown = await maya.goto(inbox.url);
    expect(shown?.status()).toBe(200);
    expect(await maya.getByTestId('inbox').innerText()).toBe('Inbox of Maya Chen');
    const body = await maya.locator('body').innerText();
    expect(body).toContain('Signed in to Gatehouse workspace demo as maya.chen@example.com (agent)');
    expect(body).toContain('No new cases.');
    await shoot(maya, 'example-inbox');
    // A second request within the cache's 5 s is still let through (answered from the cache).
    expect((await maya.reload())?.status()).toBe(200);

    // The administrator ends her sessions from Team › Agents, in the console.
    await owner.goto('/team/agents');
    const mayaIcon = row(owner, MAYA).locator('.status-icon');
    await expect.poll(() => mayaIcon.getAttribute('data-status')).toBe('active');
    await mayaIcon.click();
    const dialog = owner.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Maya Chen');
    const ended = owner.waitForResponse((r) => r.url().startsWith(`${e2e.server.url}/api/`) && r.request().method() !== 'GET');
    await dialog.getByRole('button', { name: /^End session/ }).click();
    expect((await ended).ok()).toBe(true);
    const endedAt = Date.now();

    // Her inbox tab's next request is refused; it must be so within a second of the end, so the
    // reloads are polled at once, each timed from when it was sent (on a loaded machine a reload
    // itself can take most of a second), for at most one second's worth.
    const statuses: { status: number | undefined; at: number }[] = [];
    let refusedAt: number | undefined;
    let refusal: unknown;
    do {
      const at = Date.now() - endedAt;
      const response = await maya.reload();
      statuses.push({ status: response?.status(), at });
      if (response?.status() === 401) {
        refusedAt = at;
        refusal = await response.json();
      }
    } while (refusedAt === undefined && statuses.at(-1)!.at < 1000);
    expect(refusedAt, `reloads after the end: ${JSON.stringify(statuses)}`).toBeDefined();
    // None sent a second or more after the end got through.
    expect(statuses.filter((x) => x.at >= 1000 && x.status !== 401)).toEqual([]);
    expect(refusal).toEqual({ error: { code: 'session_inactive', message: 'Your Gatehouse session has ended. Sign in again.' } });
    expect(await maya.getByTestId('inbox').count()).toBe(0);
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => mayaIcon.getAttribute('data-status')).toBe('none');
  });
});
