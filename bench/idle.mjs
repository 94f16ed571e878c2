// What an idle server costs: CPU used by `gatehouse start --demo` (the real process, with its
// sweep, checkpoint worker and presence timers) over a quiet minute, beside a plain Fastify
// process measured the same way in the same run. Prints; writes nothing.
//   node bench/idle.mjs [--seconds 60] [--dist dist/src]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BENCH_DIR, ROOT, fmt, machine, option, sleep, startServer } from './lib/common.mjs';

const seconds = Number(option('--seconds', 60));
const dist = path.resolve(ROOT, option('--dist', 'dist/src'));

const cpuOf = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

async function idleCost(pid) {
  await sleep(5000); // start-up work (migrations, the demo's argon2 hashes) is not idle
  const t0 = performance.now();
  const c0 = cpuOf(pid);
  await sleep(seconds * 1000);
  return (cpuOf(pid) - c0) / ((performance.now() - t0) / 1000);
}

async function startGatehouse() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-idle-'));
  const child = spawn(process.execPath, [path.join(dist, 'cli.js'), 'start', '--demo'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (/http:\/\/127\.0\.0\.1:\d+/.test(out)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`gatehouse exited with ${code}`)));
  });
  return { pid: child.pid, stop: () => (child.kill('SIGTERM'), rmSync(dataDir, { recursive: true, force: true })) };
}

const gatehouse = await startGatehouse();
const bare = await startServer(path.join(BENCH_DIR, 'lib', 'bare-server.mjs'));
const [g, b] = await Promise.all([idleCost(gatehouse.pid), idleCost(bare.pid)]);
gatehouse.stop();
await bare.stop();
const pct = (x) => `${fmt(x * 100, 3)} % of a core`;
console.log(`machine: ${machine()}`);
console.log(`idle over ${seconds} s: gatehouse start --demo ${pct(g)} · plain Fastify process ${pct(b)} · difference ${pct(g - b)} (target: under 0.1 %)`);
