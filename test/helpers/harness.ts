import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Grant } from '../../src/access/permissions.js';
import { buildGatehouse, type AppOptions } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { AccountRow, WorkspaceRow } from '../../src/db/schema.js';
import type { Db } from '../../src/db/types.js';
import { COOKIE_NAME } from '../../src/http/auth.js';
import { ManualClock } from '../../src/lib/clock.js';
import { hashPassword } from '../../src/lib/passwords.js';
import type { Services } from '../../src/services.js';
import type { Backend } from './backends.js';

export const PASSWORD = 'correct horse battery';
let passwordHash: Promise<string> | undefined;

export const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
export const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

export interface RequestOptions {
  cookie?: string | undefined;
  body?: unknown;
  headers?: Record<string, string>;
  ip?: string;
}

/** A Gatehouse app on a fresh database of one backend, with a movable clock and a workspace. */
export class Harness {
  private constructor(
    readonly app: FastifyInstance,
    /** The services behind the app, for arranging a test and checking its effects. */
    readonly services: Services,
    readonly db: Db,
    readonly clock: ManualClock,
    readonly workspace: WorkspaceRow,
    readonly owner: AccountRow,
    private readonly cleanup: () => Promise<void>,
  ) {}

  static async start(backend: Backend, env: Record<string, string> = {}, appOptions: Pick<AppOptions, 'onRoute' | 'logger'> = {}): Promise<Harness> {
    const opened = await backend.open();
    const clock = new ManualClock();
    // With PostgreSQL the app gets the cross-node session bus, as a real deployment does.
    const config: Config = loadConfig({ LOG_LEVEL: 'silent', ...(opened.url ? { DATABASE_URL: opened.url } : {}), ...env });
    const { app, services } = await buildGatehouse({ config, db: opened.db, clock, ...appOptions });
    const { workspace, admin } = await services.accounts.createWorkspace({
      slug: 'acme',
      name: 'Acme Support',
      adminName: 'Olivia Owner',
      adminEmail: 'owner@acme.test',
      adminPasswordHash: await (passwordHash ??= hashPassword(PASSWORD)),
      now: clock.now(),
    });
    return new Harness(app, services, opened.db, clock, workspace, admin, async () => {
      await app.close();
      await opened.cleanup();
    });
  }

  /** Creates another workspace and its primary administrator, who has the shared test password. */
  async createWorkspace(input: { slug: string; name: string; adminName: string; adminEmail: string }): Promise<{ workspace: WorkspaceRow; admin: AccountRow }> {
    return this.services.accounts.createWorkspace({ ...input, adminPasswordHash: await (passwordHash ??= hashPassword(PASSWORD)), now: this.clock.now() });
  }

  /** Creates an account in this workspace (or another one's, by id) with the shared test password. */
  async account(role: 'agent' | 'admin', name: string, email: string, grants: Grant[] = [], workspaceId = this.workspace.id): Promise<AccountRow> {
    return this.services.accounts.createAccount({
      workspaceId,
      role,
      name,
      email,
      passwordHash: await (passwordHash ??= hashPassword(PASSWORD)),
      grants,
      now: this.clock.now(),
    });
  }

  request(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, options: RequestOptions = {}): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { 'user-agent': CHROME_WINDOWS, ...options.headers };
    if (options.cookie) headers.cookie = options.cookie;
    return this.app.inject({
      method,
      url,
      headers,
      remoteAddress: options.ip ?? '127.0.0.1',
      ...(options.body !== undefined ? { payload: options.body as object } : {}),
    });
  }

  login(email: string, extra: { account?: 'agent' | 'admin'; password?: string; workspace?: string } = {}, options: RequestOptions = {}) {
    return this.request('POST', '/api/auth/login', {
      ...options,
      body: { workspace: extra.workspace ?? this.workspace.slug, email, password: extra.password ?? PASSWORD, ...(extra.account ? { account: extra.account } : {}) },
    });
  }

  /** Signs in and returns the Cookie header value for later requests. */
  async signIn(email: string, account?: 'agent' | 'admin', options: RequestOptions = {}): Promise<string> {
    const res = await this.login(email, account ? { account } : {}, options);
    if (res.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${res.statusCode} ${res.body}`);
    return cookieFrom(res);
  }

  /** Listens on a free local port, for tests that need real connections (streams, WebSockets); returns the base URL. */
  async listen(): Promise<string> {
    await this.app.listen({ port: 0, host: '127.0.0.1' });
    const address = this.app.server.address();
    if (!address || typeof address !== 'object') throw new Error('not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  async close(): Promise<void> {
    await this.cleanup();
  }
}

/** The `name=value` pair of the session cookie a response sets. */
export function cookieFrom(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  const line = (Array.isArray(header) ? header : [header ?? '']).find((h) => h.startsWith(`${COOKIE_NAME}=`));
  if (!line) throw new Error('no session cookie was set');
  return line.split(';')[0]!;
}

export function tokenOf(cookie: string): string {
  return cookie.slice(cookie.indexOf('=') + 1);
}
