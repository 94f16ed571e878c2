import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, launchBrowser, newContext, seriousViolations, shoot, signIn, startServer, type E2EServer } from './helpers.js';

// One server, one browser, several people each in their own browser context. The tests run in
// order and build on each other, as a day in the console would; the audit log test at the end
// checks that everything before it was recorded.

const OWNER = 'owner@example.com'; // Olivia Grant, primary administrator
const SAM = 'sam.rivera@example.com'; // sub-admin (Team › Agents, Audit log) with a linked agent account
const NOOR = 'noor.haddad@example.com'; // sub-admin with every grant, and a linked agent account
const MAYA = 'maya.chen@example.com'; // agent

let server: E2EServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function open(options: { width?: number; height?: number; userAgent?: string } = {}): Promise<Page> {
  const context = await newContext(browser, server.url, options);
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
  return page;
}

/** The table row of one account on a team page. */
const row = (page: Page, email: string) => page.locator(`tr[data-account="${email}"]`);
const tooltip = (page: Page) => page.locator('.tooltip');

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

let owner: Page;
let maya: Page;
let sam: Page;

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
    // The side navigation shows an agent only what an agent may open.
    const nav = maya.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Agent workspace', 'Sessions']);
    await shoot(maya, 'agent-workspace');
    await expectAccessible(maya);
  });

  it('signs the primary administrator in to Team › Agents', async () => {
    owner = await open();
    await signIn(owner, OWNER);
    await owner.waitForURL('**/team/agents');
    expect(await owner.getByTestId('workspace-name').textContent()).toBe('Northwind Support');
    const links = await owner.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(links).toEqual(['Agents', 'Administrators', 'Security', 'Audit log', 'Sessions']);
  });

  it('asks a login with two accounts which one to use', async () => {
    sam = await open();
    await sam.goto('/sign-in');
    await sam.getByLabel('Workspace').fill('demo');
    await sam.getByLabel('Email').fill(SAM);
    await sam.getByLabel('Password').fill(DEMO_PASSWORD);
    await sam.getByRole('button', { name: 'Sign in' }).click();
    await sam.getByRole('heading', { name: 'Choose an account' }).waitFor();
    await shoot(sam, 'sign-in-choose-account');
    await expectAccessible(sam);
    await sam.getByTestId('choose-admin').click();
    await sam.waitForURL('**/team/agents');
    // Sam holds Team › Agents and Audit log only.
    const links = await sam.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(links).toEqual(['Agents', 'Audit log', 'Sessions']);
  });
});

async function signInExpectingError(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Workspace').fill('demo');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signin-error').waitFor();
}
