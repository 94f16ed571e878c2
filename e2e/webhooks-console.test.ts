import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, expectAccessible, focused, focusedId, scrollsSideways, shoot, signIn, useBrowser } from './helpers.js';

// Settings › Integrations › Webhooks in a real browser against a real demo server, which may send
// to loopback here (WEBHOOKS_ALLOW_LOOPBACK): an endpoint on a local receiver is added, its
// secret shown once; an administrator ends an agent's session through the API; the receiver gets
// a signed session.ended message, the console's delivery history shows it delivered (200), and
// "Re-send" sends the same message again.

const OWNER = 'owner@example.com'; // Olivia Grant, primary administrator
const MAYA = 'maya.chen@example.com'; // agent

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let receiver: Server;
let hookUrl = '';
const received: Received[] = [];

/** The Standard Webhooks signature of a message, with a whsec_ secret. */
function sign(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});

// Registered before useBrowser's, so it runs after the server has stopped sending.
afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
});

const e2e = useBrowser({ WEBHOOKS_ALLOW_LOOPBACK: 'true' });
const open = (size: { width?: number; height?: number } = {}) => e2e.open({ ...size, permissions: ['clipboard-read', 'clipboard-write'] });

describe('Settings › Integrations: webhooks', () => {
  let owner: Page;
  let secret = '';

  it('adds an endpoint, explaining each event, and shows its signing secret once', async () => {
    owner = await open();
    await signIn(owner, OWNER);
    await owner.goto('/settings/integrations');
    const section = owner.getByTestId('webhooks');
    await section.getByText('No webhook endpoint yet').waitFor();
    await expectAccessible(owner);

    await owner.getByTestId('new-webhook').click();
    const dialog = owner.getByRole('dialog');
    // Each event the API accepts is offered, in words.
    for (const event of ['session.started', 'session.ended', 'account.created', 'account.disabled', 'security.settings_changed', 'key.revoked']) {
      expect(await dialog.innerText()).toContain(event);
    }
    await dialog.getByLabel('URL').fill(hookUrl);
    await dialog.getByLabel('Description (optional)').fill('Security alert bot');
    await dialog.getByRole('checkbox', { name: /A session ends/ }).check();
    await expectAccessible(owner);
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    const secretField = dialog.getByTestId('secret-value');
    await secretField.waitFor();
    secret = await secretField.inputValue();
    expect(secret).toMatch(/^whsec_/);
    expect(await dialog.innerText()).toContain('you will not see it again');
    await dialog.getByTestId('copy-secret').click();
    await dialog.getByRole('button', { name: 'Copied' }).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => focused(owner)).toBe('new-webhook');

    const row = section.locator(`tr[data-webhook="${hookUrl}"]`);
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('Security alert bot');
    expect(text).toContain('session.ended');
    expect(text).toContain('Enabled');
    expect(text).toContain('None yet');
    expect(await owner.content()).not.toContain(secret);
  });

  it('delivers a signed session.ended when an administrator ends an agent’s session, lists it, and re-sends it', async () => {
    // Maya signs in from another browser profile; Olivia ends that session through the API.
    const maya = await e2e.open();
    const login = await maya.request.post('/api/auth/login', {
      data: { workspace: 'demo', email: MAYA, password: DEMO_PASSWORD },
      headers: { origin: e2e.server.url },
    });
    expect(login.status()).toBe(200);
    const { session } = (await login.json()) as { session: { id: string } };
    // That one session (the demo's Maya has others, each of which would be a message of its own).
    const ended = await owner.request.delete(`/api/sessions/${session.id}`, { headers: { origin: e2e.server.url } });
    expect(ended.status()).toBe(200);

    await expect.poll(() => received.length, { timeout: 20_000, interval: 250 }).toBe(1);
    const first = received[0]!;
    expect(first.path).toBe('/hook');
    expect(first.headers['content-type']).toContain('application/json');
    const message = JSON.parse(first.body) as { type: string; data: { account: { label: string }; reason: string } };
    expect(message.type).toBe('session.ended');
    expect(message.data.account.label).toContain(MAYA);
    expect(message.data.reason).toBe('ended_by_admin');
    const id = String(first.headers['webhook-id']);
    const timestamp = String(first.headers['webhook-timestamp']);
    expect(id).toMatch(/^msg_/);
    expect(String(first.headers['webhook-signature']).split(' ')).toContain(sign(secret, id, timestamp, first.body));

    // The row says how the latest delivery went.
    const section = owner.getByTestId('webhooks');
    const row = section.locator(`tr[data-webhook="${hookUrl}"]`);
    await owner.reload();
    await expect.poll(() => row.innerText()).toContain('Delivered');
    expect(await row.innerText()).toContain('200');

    // The delivery history, in a dialog opened from the row.
    await row.getByRole('button', { name: `Delivery history of ${hookUrl}` }).click();
    const dialog = owner.getByTestId('deliveries-dialog');
    const deliveries = dialog.locator('tr[data-delivery]');
    await deliveries.first().waitFor();
    expect(await deliveries.count()).toBe(1);
    const delivery = await deliveries.first().innerText();
    expect(delivery).toContain('session.ended');
    expect(delivery).toContain('Delivered');
    expect(await deliveries.first().getByTestId('response-code').innerText()).toBe('200');
    expect(delivery).toMatch(/\b1\b/); // one attempt
    await expectAccessible(owner);
    await shoot(owner, 'integrations-webhooks');

    await deliveries.first().getByRole('button', { name: 'Re-send the session.ended delivery' }).click();
    await expect.poll(() => received.length, { timeout: 20_000, interval: 250 }).toBe(2);
    // The same message (same webhook-id), signed again.
    const second = received[1]!;
    expect(second.headers['webhook-id']).toBe(id);
    expect(second.body).toBe(first.body);
    expect(String(second.headers['webhook-signature']).split(' ')).toContain(sign(secret, id, String(second.headers['webhook-timestamp']), second.body));
    // A second delivery is listed, delivered too.
    await expect.poll(() => deliveries.count(), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => deliveries.first().innerText(), { timeout: 10_000 }).toContain('Delivered');

    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => focused(owner)).toBe('webhook-deliveries');
  });

  it('rotates the secret (shown once), reads at 360 px, disables and deletes after a confirmation', async () => {
    const section = owner.getByTestId('webhooks');
    const row = section.locator(`tr[data-webhook="${hookUrl}"]`);
    await row.getByRole('button', { name: `Rotate the signing secret of ${hookUrl}` }).click();
    const dialog = owner.getByTestId('rotate-webhook-dialog');
    await dialog.getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = await dialog.getByTestId('secret-value').inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    expect(await dialog.innerText()).toContain('you will not see it again');
    await expectAccessible(owner);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Focus is back on the row's button that opened it.
    await expect.poll(() => owner.evaluate<string | null>("document.activeElement?.getAttribute('aria-label') ?? null")).toBe(`Rotate the signing secret of ${hookUrl}`);
    expect(await owner.content()).not.toContain(rotated);

    const phone = await open({ width: 360, height: 780 });
    await signIn(phone, OWNER);
    await phone.goto('/settings/integrations');
    await phone.getByTestId('webhooks').locator(`tr[data-webhook="${hookUrl}"]`).waitFor();
    expect(await scrollsSideways(phone)).toBe(false);
    await expectAccessible(phone);

    await row.getByRole('button', { name: `Disable ${hookUrl}` }).click();
    await expect.poll(() => row.innerText()).toContain('Disabled');
    await row.getByRole('button', { name: `Enable ${hookUrl}` }).waitFor();

    await row.getByRole('button', { name: `Delete ${hookUrl}` }).click();
    const confirm = owner.getByRole('dialog');
    expect(await confirm.innerText()).toContain('Gatehouse stops sending events to');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    await row.getByRole('button', { name: `Delete ${hookUrl}` }).click();
    await confirm.getByRole('button', { name: 'Delete endpoint' }).click();
    await confirm.waitFor({ state: 'detached' });
    await section.getByText('No webhook endpoint yet').waitFor();
    // Its button is gone with its row, so focus lands on the section's heading.
    await expect.poll(() => focusedId(owner)).toBe('webhooks-title');
  });
});
