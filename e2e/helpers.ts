import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

export const DEMO_PASSWORD = 'gatehouse-demo';
// `npm run screenshots` refreshes the README's pictures; an ordinary test run takes them into a
// scratch folder, so `npm test` never rewrites tracked files.
const SCREENSHOTS = process.env.SCREENSHOTS === 'update' ? path.resolve('docs/screenshots') : path.join(tmpdir(), 'gatehouse-screenshots');

/** A real Gatehouse server (`gatehouse start --demo`) on a free port and a fresh SQLite file. */
export interface E2EServer {
  url: string;
  /** The server's DATA_DIR: its SQLite file is `gatehouse.db` there. */
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * `prepare` runs on the empty data directory before the server starts: it may fill the SQLite
 * file there (`gatehouse.db`) much faster than the API could; the demo is then not seeded again.
 */
export async function startServer(env: Record<string, string> = {}, options: { prepare?(dataDir: string): Promise<void> } = {}): Promise<E2EServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-e2e-'));
  await options.prepare?.(dataDir);
  const child: ChildProcess = spawn(process.execPath, ['dist/src/cli.js', 'start', '--demo'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}):\n${output}`));
    });
  });
  return {
    url,
    dataDir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

interface ContextOptions {
  width?: number;
  height?: number;
  userAgent?: string;
  /** What `prefers-color-scheme` answers; light unless asked. */
  colorScheme?: 'light' | 'dark';
  /** The browser's language (navigator.language, Accept-Language); en-GB unless asked. */
  locale?: string;
  /** The browser's time zone; Europe/London unless asked. */
  timezoneId?: string;
}

/** A fresh browser profile: its own cookies, so its own session. */
function newContext(browser: Browser, baseURL: string, options: ContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    locale: options.locale ?? 'en-GB',
    colorScheme: options.colorScheme ?? 'light',
    timezoneId: options.timezoneId ?? 'Europe/London',
    reducedMotion: 'reduce',
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
  });
}

interface OpenOptions extends ContextOptions {
  /** How long a step may wait, in ms; 10 s unless given, so a step that cannot happen fails in seconds with its reason, not at the test's timeout. */
  timeout?: number;
  /** Browser permissions granted to the page's origin, such as `clipboard-read`. */
  permissions?: string[];
  /** The origin the page's relative URLs go to; the file's server unless given (another server, or the same one named localhost). */
  url?: string;
}

/** A test file's server and browser, and a way to open pages on them. */
export interface BrowserSetup {
  /** The file's server; read it in a test or a hook, never while the file loads. */
  readonly server: E2EServer;
  /** A page in a fresh browser profile (its own cookies, so its own session), closed after the file's tests. */
  open(options?: OpenOptions): Promise<Page>;
}

/** Long enough for `prepare` to fill a database with a thousand accounts on a loaded machine. */
const START_TIMEOUT = 180_000;

/**
 * One server and one Chromium for a test file, started before its tests and closed after them,
 * with every context `open` made. Call it once, at the top level of the file: it registers a
 * `beforeAll` and an `afterAll`. Vitest runs `beforeAll` hooks in the order they were registered
 * and `afterAll` hooks in the reverse, so a file's own hooks registered after this call run with
 * the server and browser up. `env` and `options` are `startServer`'s.
 */
export function useBrowser(env: Record<string, string> = {}, options: { prepare?(dataDir: string): Promise<void> } = {}): BrowserSetup {
  let server: E2EServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const started = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`useBrowser: the ${name} starts in beforeAll; read it in a test or a hook, not while the file loads`);
    return value;
  };

  beforeAll(async () => {
    server = await startServer(env, options);
    browser = await launchBrowser();
  }, START_TIMEOUT);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  return {
    get server() {
      return started(server, 'server');
    },
    async open({ timeout = 10_000, permissions, url, ...contextOptions }: OpenOptions = {}): Promise<Page> {
      const baseURL = url ?? started(server, 'server').url;
      const context = await newContext(started(browser, 'browser'), baseURL, contextOptions);
      contexts.push(context);
      context.setDefaultTimeout(timeout);
      if (permissions) await context.grantPermissions(permissions, { origin: baseURL });
      const page = await context.newPage();
      page.on('pageerror', (err) => console.error('page error:', err.message));
      return page;
    },
  };
}

/**
 * Fills in the sign-in form the page shows and sends it. Its fields are found by their English
 * labels, or with `byName` by their names, whatever language the page is in.
 */
export async function submitSignIn(page: Page, email: string, options: { password?: string; byName?: boolean } = {}): Promise<void> {
  const field = (label: string) => (options.byName ? page.locator(`input[name="${label.toLowerCase()}"]`) : page.getByLabel(label));
  await field('Workspace').fill('demo');
  await field('Email').fill(email);
  await field('Password').fill(options.password ?? DEMO_PASSWORD);
  await (options.byName ? page.locator('form button[type="submit"]') : page.getByRole('button', { name: 'Sign in' })).click();
}

/** Signs in from /sign-in (see `submitSignIn`); with `account`, answers the account choice too. */
export async function signIn(page: Page, email: string, options: { account?: 'agent' | 'admin'; password?: string; byName?: boolean } = {}): Promise<void> {
  await page.goto('/sign-in');
  await submitSignIn(page, email, options);
  if (options.account) {
    await page.getByRole('heading', { name: 'Choose an account' }).waitFor();
    await page.getByTestId(`choose-${options.account}`).click();
  }
  await page.getByTestId('account-menu').waitFor();
}

/** How this browser's session began, as My account › Sessions says it. */
export async function authMethodShown(page: Page): Promise<string> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sessions' }).click();
  await page.waitForURL('**/account/sessions');
  const current = page.locator('tr', { hasText: 'This device' });
  await current.waitFor();
  return current.getByTestId('auth-method').innerText();
}

/** The table row of one account on a team page. */
export const row = (page: Page, email: string) => page.locator(`tr[data-account="${email}"]`);
/** The last tooltip in the document. */
export const tooltip = (page: Page) => page.locator('.tooltip').last();

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page; returns the serious and critical violations. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (an inline
  // <script> would be refused, as it should be).
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    // Runs in the page; typed loosely so the Node-side project needs no DOM library.
    const page = globalThis as unknown as { document: unknown; axe: { run(context: unknown, options: object): Promise<{ violations: AxeViolation[] }> } };
    const result = await page.axe.run(page.document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

/** Fails the test on any serious or critical axe-core violation of the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
}

// Expressions rather than functions: the Node-side project has no DOM library to type them.
/** True when the page scrolls sideways (it must not, even at 360 px). */
export const scrollsSideways = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth');
/** The element that has keyboard focus, by its test id, else its text. */
export const focused = (page: Page) => page.evaluate<string | null>("document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.textContent ?? null");
/** The id of the element that has keyboard focus. */
export const focusedId = (page: Page) => page.evaluate<string | undefined>('document.activeElement?.id');

/** Saves a screenshot of the page (under docs/screenshots with SCREENSHOTS=update). */
export async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  // A name may hold folders ("screens/team-agents-dark-phone"): make them too.
  const file = path.join(SCREENSHOTS, `${name}.png`);
  mkdirSync(path.dirname(file), { recursive: true });
  // Let tooltips fade in and skeletons resolve before the picture.
  await page.waitForTimeout(150);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
}
