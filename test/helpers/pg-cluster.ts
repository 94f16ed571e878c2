import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A private PostgreSQL cluster for tests that stop and start the database: the shared server on
 * 127.0.0.1:5432 serves every other test file and must never be stopped. Created with initdb in
 * a temp directory, on its own port, trust authentication, run as the `postgres` OS user when
 * this process is root (PostgreSQL refuses to run as root).
 */
export interface PgCluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  readonly url: string;
  readonly port: number;
  start(): Promise<void>;
  /** `fast` disconnects clients and shuts down cleanly; `immediate` is a crash. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops it if running and removes its directory. */
  destroy(): Promise<void>;
  /** The server log, for failure messages. */
  log(): string;
}

/** The directory holding initdb and pg_ctl (PG_BIN, else the newest /usr/lib/postgresql/N/bin), or null. */
function findPgBin(): string | null {
  const has = (dir: string) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'));
  if (process.env.PG_BIN) return has(process.env.PG_BIN) ? process.env.PG_BIN : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (has(path.join(root, v, 'bin'))) return path.join(root, v, 'bin');
  return null;
}

/**
 * Follows test/helpers/global-setup.ts: in CI the binaries are required and their absence fails
 * the run; elsewhere the caller skips, with a warning saying what to install.
 */
export function pgBinOrSkip(what: string): string | null {
  const bin = findPgBin();
  if (bin) return bin;
  if (process.env.CI === 'true') throw new Error(`${what} needs the PostgreSQL server binaries (initdb, pg_ctl) in CI, and none were found under /usr/lib/postgresql`);
  console.warn(`\n  ${what} is skipped: no PostgreSQL server binaries (initdb, pg_ctl). Install them with: apt-get install postgresql\n`);
  return null;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Creates and starts a private cluster. Every cluster made is stopped when this process exits, however the test ended. */
export async function createPgCluster(bin: string): Promise<PgCluster> {
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'gh-pg-'));
  const data = path.join(dir, 'data');
  const sockets = path.join(dir, 'sock');
  const logFile = path.join(dir, 'server.log');
  mkdirSync(sockets);
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    chownSync(sockets, uid, gid);
  }
  // As root the commands run as postgres; otherwise as this user.
  const command = (tool: string, args: string[]): [string, string[]] =>
    root ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
  const run = (tool: string, args: string[], check = true) => {
    const result = spawnSync(...command(tool, args), { encoding: 'utf8', timeout: 60_000 });
    if (check && result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}\n${readLog()}`);
  };
  // Starts and stops do not block this process's event loop: the test measures requests meanwhile.
  const runAsync = (tool: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      execFile(...command(tool, args), { encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`${tool} ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}\n${readLog()}`));
        else resolve();
      });
    });
  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const port = await freePort();
  // Durability is not under test: fsync off keeps starts and stops quick on a shared machine.
  const options = `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=50`;
  let running = false;
  const stopSync = (mode: string) => {
    if (!running) return;
    run('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop'], false);
    running = false;
  };
  // Whatever happens to the test (an assertion, a crash of the worker), the server does not outlive it.
  const onExit = () => {
    stopSync('immediate');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  const cluster: PgCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: async () => {
      running = true;
      await runAsync('pg_ctl', ['-D', data, '-l', logFile, '-o', options, '-w', '-t', '30', 'start']);
    },
    stop: async (mode = 'fast') => {
      await runAsync('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop']);
      running = false;
    },
    destroy: async () => {
      process.removeListener('exit', onExit);
      onExit();
    },
    log: readLog,
  };
  try {
    await cluster.start();
  } catch (err) {
    await cluster.destroy();
    throw err;
  }
  return cluster;
}
