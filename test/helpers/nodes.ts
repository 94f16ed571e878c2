import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createAccountService } from '../../src/accounts/service.js';
import type { AccountRow, WorkspaceRow } from '../../src/db/schema.js';
import { openDb, type Db } from '../../src/db/index.js';
import { hashPassword } from '../../src/lib/passwords.js';
import { createPgDatabase } from './backends.js';
import { PASSWORD } from './harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Compiles the server to dist/ (incremental: seconds when nothing changed), for child processes. */
export function buildServer(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
}

export interface Node {
  url: string;
  process: ChildProcess;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

/** Starts `gatehouse start` as its own process on a free port; resolves once it serves. */
export function startNode(env: Record<string, string>): Promise<Node> {
  const child = spawn(process.execPath, ['dist/src/cli.js', 'start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    // Generous: a node starts in about a second, but a full run on two shared cores has been
    // seen to hold one back past 20 s. A node that does not start at all still fails the test.
    const timer = setTimeout(() => reject(new Error(`node did not start within ${START_TIMEOUT_MS / 1000} s:\n${out}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /serving at (http:\/\/\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1]!,
        process: child,
        output: () => out,
        stop: async (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node exited with ${code}:\n${out}`));
    });
  });
}

/** A browser-like HTTP client for one node: JSON in and out, the cookie passed by hand. */
export async function call(base: string, method: string, path: string, options: { cookie?: string; body?: unknown } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  const setCookie = res.headers.get('set-cookie');
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, any>) : {}, cookie: setCookie ? setCookie.split(';')[0]! : undefined };
}

/**
 * Seeds the workspace the node suites sign in to, straight through the accounts service:
 * `acme`, its owner Olivia Owner (owner@acme.test) and the given agents, every one with PASSWORD.
 * Returns the workspace and the agents in the order given.
 */
export async function seedAcme(db: Db, agents: readonly { name: string; email: string }[] = []): Promise<{ workspace: WorkspaceRow; agents: AccountRow[] }> {
  const accounts = createAccountService(db);
  const now = Date.now();
  const passwordHash = await hashPassword(PASSWORD);
  const { workspace } = await accounts.createWorkspace({
    slug: 'acme',
    name: 'Acme',
    adminName: 'Olivia Owner',
    adminEmail: 'owner@acme.test',
    adminPasswordHash: passwordHash,
    now,
  });
  const created: AccountRow[] = [];
  for (const { name, email } of agents) created.push(await accounts.createAccount({ workspaceId: workspace.id, role: 'agent', name, email, passwordHash, now }));
  return { workspace, agents: created };
}

/** `count` agents named "Agent 0", "Agent 1"… with the emails agent0@acme.test, agent1@acme.test… */
export const numberedAgents = (count: number) => Array.from({ length: count }, (_, i) => ({ name: `Agent ${i}`, email: `agent${i}@acme.test` }));

/** Two nodes on one PostgreSQL database of their own, and `db`, a pool of two the test reads and writes it with. */
export interface PgNodes {
  db: Db;
  a: Node;
  b: Node;
  /** Stops both nodes, closes `db` and drops the database. */
  stop(): Promise<void>;
}

/**
 * Two real nodes on a brand-new PostgreSQL database, as behind a load balancer: `seed` fills it
 * first, then the nodes start one after the other (the first applies the migrations) with
 * `env`, `DATABASE_URL` and their `NODE_ID`s. What a failed start had set up is undone.
 */
export async function startTwoNodes(env: Record<string, string>, ids: readonly [string, string], seed: (db: Db) => Promise<unknown>): Promise<PgNodes> {
  const database = await createPgDatabase();
  const started: Node[] = [];
  let db: Db | undefined;
  const stop = async () => {
    await Promise.all(started.map((node) => node.stop()));
    await db?.close();
    await database.drop();
  };
  try {
    db = await openDb({ databaseUrl: database.url, poolSize: 2 });
    await seed(db);
    for (const id of ids) started.push(await startNode({ ...env, DATABASE_URL: database.url, NODE_ID: id }));
    return { db, a: started[0]!, b: started[1]!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
