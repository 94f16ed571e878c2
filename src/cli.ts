#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createAccountService, EMAIL_PATTERN, SLUG_PATTERN } from './accounts/service.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DEMO, demoInstructions, seedDemo } from './demo.js';
import { systemClock } from './lib/clock.js';
import { PASSWORD_MIN_LENGTH } from './lib/passwords.js';
import { closeOnSignals, openConfiguredDb, sqliteFileOf, startServer } from './server.js';

const USAGE = `Usage: gatehouse <command> [options]

Commands:
  start [--demo]     Serve the console and the API. With --demo, create the demo
                     workspace first if the database has no workspace yet.
  init --workspace SLUG --email EMAIL --password PASSWORD [--name NAME]
       [--workspace-name NAME]
                     Create a workspace and its primary administrator.
  demo               Create the demo workspace and print how to sign in.
  backup --to FILE [--force]
                     Copy the SQLite database to FILE while the server runs
                     (PostgreSQL: use pg_dump, see the README).

Configuration comes from the environment: PORT, HOST, DATABASE_URL, DATA_DIR,
TRUST_PROXY, COOKIE_SECURE, ALLOWED_ORIGINS, LOG_LEVEL, PRESENCE_GRACE_SECONDS,
PRESENCE_IDLE_MINUTES, NODE_ID, METRICS_TOKEN, WEBHOOKS_ALLOW_LOOPBACK,
SHUTDOWN_DELAY_MS, SHUTDOWN_TIMEOUT_MS (see the README).`;

class UsageError extends Error {}
/** A command that cannot do what was asked, for a reason its message explains: exit 1, no usage. */
class CommandError extends Error {}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  switch (command) {
    case 'start':
      return start(config, rest);
    case 'init':
      return init(config, rest);
    case 'demo':
      return demo(config);
    case 'backup':
      return backup(config, rest);
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

async function start(config: Config, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { demo: { type: 'boolean', default: false } }, strict: true });
  if (!config.databaseUrl) {
    const file = sqliteFileOf(config);
    const { claimSqliteFile } = await import('./db/sqlite.js');
    if (!claimSqliteFile(file)) {
      throw new ConfigError([
        `another Gatehouse server is already serving ${file}: stop it first, or give this one its own DATA_DIR (several servers on one database need PostgreSQL: DATABASE_URL)`,
      ]);
    }
  }
  const db = await openConfiguredDb(config);
  const empty = !(await db.kysely.selectFrom('workspaces').select('id').limit(1).executeTakeFirst());
  if (values.demo && empty) await seedDemo(db, systemClock);
  const server = await startServer(config, db);
  closeOnSignals(server);
  const hasDemo = await createAccountService(db).workspaceBySlug(DEMO.workspace);
  if (hasDemo) console.log(demoInstructions(server.url));
  else if (empty) console.log(`\n  Gatehouse is serving at ${server.url}. Create a workspace with: npm run gatehouse -- init --help\n`);
  else console.log(`\n  Gatehouse is serving at ${server.url}\n`);
}

async function init(config: Config, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      workspace: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      'workspace-name': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log('Usage: gatehouse init --workspace SLUG --email EMAIL --password PASSWORD [--name NAME] [--workspace-name NAME]');
    return;
  }
  const problems: string[] = [];
  const slug = values.workspace?.trim().toLowerCase() ?? '';
  const email = values.email?.trim().toLowerCase() ?? '';
  const password = values.password ?? '';
  const missing = (flag: string) => `${flag} is required`;
  if (values.workspace === undefined) problems.push(missing('--workspace'));
  else if (!SLUG_PATTERN.test(slug)) problems.push('--workspace must be a slug of lower-case letters, digits and dashes (e.g. "acme")');
  if (values.email === undefined) problems.push(missing('--email'));
  else if (!EMAIL_PATTERN.test(email)) problems.push('--email must be an email address');
  if (values.password === undefined) problems.push(`${missing('--password')} (at least ${PASSWORD_MIN_LENGTH} characters)`);
  else if (password.length < PASSWORD_MIN_LENGTH) problems.push(`--password must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (problems.length > 0) throw new UsageError(problems.join('\n'));

  const db = await openConfiguredDb(config);
  try {
    const accounts = createAccountService(db);
    if (await accounts.workspaceBySlug(slug)) throw new UsageError(`A workspace "${slug}" already exists.`);
    await accounts.createWorkspace({
      slug,
      name: values['workspace-name']?.trim() || slug,
      adminName: values.name?.trim() || email.split('@')[0]!,
      adminEmail: email,
      adminPassword: password,
      now: systemClock.now(),
    });
    console.log(`Created workspace "${slug}" with primary administrator ${email}.`);
  } finally {
    await db.close();
  }
}

async function demo(config: Config): Promise<void> {
  const db = await openConfiguredDb(config);
  try {
    if (await createAccountService(db).workspaceBySlug(DEMO.workspace)) {
      console.log(`The demo workspace already exists.`);
    } else {
      await seedDemo(db, systemClock);
      console.log('Created the demo workspace.');
    }
    console.log(demoInstructions(`http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`, false));
  } finally {
    await db.close();
  }
}

async function backup(config: Config, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { to: { type: 'string' }, force: { type: 'boolean', default: false }, help: { type: 'boolean' } }, strict: true });
  if (values.help) {
    console.log(
      'Usage: gatehouse backup --to FILE [--force]\n\nCopies the SQLite database under DATA_DIR to FILE, consistent as of one moment, while the server keeps serving.',
    );
    return;
  }
  if (config.databaseUrl) {
    // The server's database is elsewhere; PostgreSQL's own tool takes a consistent copy of it.
    throw new CommandError(
      [
        'DATABASE_URL is set: this Gatehouse stores its data in PostgreSQL, which "gatehouse backup" does not copy.',
        "Back it up with PostgreSQL's own tool, while the servers run, for example:",
        '  pg_dump --format=custom --file=gatehouse.dump "$DATABASE_URL"',
        'and restore it with pg_restore (see the README, "Back up and restore").',
      ].join('\n'),
    );
  }
  if (!values.to) throw new UsageError('--to FILE is required: where to write the copy.');
  const source = sqliteFileOf(config);
  const { backupSqlite } = await import('./db/backup.js');
  console.log(`Backing up ${source} to ${values.to}…`);
  const result = await backupSqlite(source, values.to, {
    force: values.force,
    onProgress: (written, total) => console.log(`  ${formatBytes(written)} written, of about ${formatBytes(total)}`),
  });
  if (!result.ok) throw new CommandError(result.message);
  console.log(`Backed up to ${values.to}: ${formatBytes(result.bytes)} in ${(result.ms / 1000).toFixed(1)} s, checked by SQLite (quick_check ok).`);
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof UsageError || err instanceof CommandError) {
    console.error(err.message);
    if (err instanceof UsageError) console.error(`\nRun "gatehouse help" for usage.`);
  } else if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) {
    // The server's settings (port, database…) are environment variables, not options.
    console.error(`${err.message}\n\nRun "gatehouse help" for usage; the port, database and other settings are environment variables (PORT=3001 gatehouse start).`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
