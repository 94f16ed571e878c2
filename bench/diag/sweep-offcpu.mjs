// Who held the event loop in each long gap of the sweep benchmark: runs `node bench/writes.mjs
// --backend sqlite` with `perf record` on the Gatehouse server (CPU samples and every context
// switch of its threads, with stacks, on the monotonic clock the benchmark prints each gap on),
// then lists, for every gap over 50 ms, each stretch of over 10 ms that the main thread spent off
// its core: how it left (R: preempted while runnable, D: waiting on the disk, S: sleeping), what
// took the core, and the main thread's stack as it left; then where its CPU samples inside the
// gap were.
//   node bench/diag/sweep-offcpu.mjs [--backend postgres] [--keep DIR]
//   node bench/diag/sweep-offcpu.mjs --read DIR    (a kept run, read again)
// Needs `perf` (Debian: apt-get install -y linux-perf) and root or kernel.perf_event_paranoid ≤ 1.
// Prints; writes nothing to RESULTS.md.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { option, ROOT } from '../lib/common.mjs';

if (spawnSync('perf', ['--version']).status !== 0) {
  console.error('perf is not installed (Debian: apt-get install -y linux-perf).');
  process.exit(2);
}
const reread = option('--read');
const dir = reread ?? option('--keep') ?? mkdtempSync(path.join(tmpdir(), 'sweep-offcpu-'));
const data = path.join(dir, 'perf.data');
const { pid, log } = reread ? JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')) : await record();

async function record() {
  // The benchmark, with JavaScript frames named for perf (/tmp/perf-<pid>.map).
  const bench = spawn(process.execPath, ['bench/writes.mjs', '--backend', option('--backend') ?? 'sqlite', '--no-write'], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --perf-basic-prof`.trim() },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  bench.stdout.on('data', (d) => {
    out += d;
    process.stdout.write(d);
  });
  // The server is the benchmark's child that runs gatehouse-server.mjs.
  let server;
  for (let i = 0; i < 1200 && !server; i++) {
    await new Promise((r) => setTimeout(r, 500));
    server = spawnSync('pgrep', ['-n', '-f', 'lib/gatehouse-server.mjs'], { encoding: 'utf8' }).stdout.trim() || undefined;
  }
  if (!server) throw new Error('the benchmark server did not start');
  const perf = spawn('perf', ['record', '-k', 'CLOCK_MONOTONIC', '-g', '-e', 'cpu-clock/freq=499/', '-e', 'sched:sched_switch', '-p', server, '-o', data], {
    stdio: 'ignore',
  });
  // perf stops by itself when the server exits, which may be before the benchmark does.
  const perfDone = new Promise((r) => perf.once('exit', r));
  const exit = await new Promise((r) => bench.once('exit', r));
  // Stop it anyway if it has not.
  await new Promise((r) => setTimeout(r, 2000));
  if (perf.exitCode === null && perf.signalCode === null) perf.kill('SIGINT');
  await perfDone;
  if (exit !== 0) throw new Error(`bench/writes.mjs exited with ${exit}`);
  writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ pid: server, log: out }));
  return { pid: server, log: out };
}

const gaps = log
  .split('\n')
  .filter((l) => l.trim().startsWith('gap {'))
  .map((l) => JSON.parse(l.slice(l.indexOf('{'))));

// The main thread's events in order: a switch opens an off-core stretch, its next event (a CPU
// sample, taken every ~2 ms while it runs, or its next switch) closes it.
const script = spawn('perf', ['script', '-i', data, '--tid', pid, '-F', 'time,event,trace,ip,sym', '--no-inline'], { stdio: ['ignore', 'pipe', 'ignore'] });
const stretches = [];
// And where it was while it ran: each CPU sample's first frames of our code or SQLite's.
const samples = [];
let open = null;
let event = null;
const flush = () => {
  if (!event) return;
  if (open) {
    const ms = (event.t - open.t) * 1000;
    if (ms > 10) stretches.push({ ...open, ms });
    open = null;
  }
  if (event.switch) open = event;
  else samples.push({ t: event.t, where: event.stack.slice(0, 4).join(' ← ') });
  event = null;
};
for await (const line of readline.createInterface({ input: script.stdout })) {
  const head = /^\s*([\d.]+):\s+(\S+):\s*(.*)$/.exec(line);
  if (head) {
    flush();
    const [, t, name, rest] = head;
    const sw = name.includes('sched_switch') ? /prev_state=(\S+) ==> next_comm=(.*?) next_pid/.exec(rest) : null;
    event = { t: Number(t), switch: Boolean(sw), state: sw?.[1], to: sw?.[2], stack: [] };
  } else if (event && line.trim() && event.stack.length < 40) {
    // Frames of our own code and SQLite's, not the runtime's plumbing.
    const frame = line.trim().replace(/^[0-9a-f]+ /, '');
    if (!/^(Builtins_|v8::|node::|uv_|uv__|__libc_start|\[unknown\]|__schedule|schedule|entry_SYSCALL|do_syscall)/.test(frame)) event.stack.push(frame);
  }
}
flush();

const state = { R: 'preempted while runnable', 'R+': 'preempted while runnable', D: 'waiting on the disk', S: 'sleeping' };
console.log(`\nThe main thread off its core in each gap over 50 ms (server pid ${pid}, ${stretches.length} stretches over 10 ms in the whole run):`);
for (const g of gaps) {
  const [a, b] = g.mono;
  const inside = stretches.filter((s) => s.t >= a - 0.01 && s.t <= b);
  const off = inside.reduce((sum, s) => sum + s.ms, 0);
  console.log(`\n- gap of ${g.ms.toFixed(0)} ms at ${a}: ${off.toFixed(0)} ms of it off the core`);
  for (const s of inside) {
    console.log(`  - ${s.ms.toFixed(1)} ms ${state[s.state] ?? s.state}, the core first to ${s.to}; it left in ${s.stack.slice(0, 6).join(' ← ')}`);
  }
  // On its core: the samples (one every ~2 ms) by where they were, most first.
  const on = new Map();
  for (const x of samples) if (x.t >= a && x.t <= b) on.set(x.where, (on.get(x.where) ?? 0) + 1);
  const ranked = [...on].sort((x, y) => y[1] - x[1]).slice(0, 5);
  if (ranked.length > 0) console.log(`  - on its core (samples of ~2 ms): ${ranked.map(([where, n]) => `${n}× ${where}`).join('; ')}`);
}
// The server's symbol map (written by --perf-basic-prof) is needed as long as perf.data is.
if (option('--keep')) console.log(`\nperf.data kept in ${dir}, the JavaScript frame names in /tmp/perf-${pid}.map.`);
else if (!reread) {
  rmSync(dir, { recursive: true, force: true });
  rmSync(`/tmp/perf-${pid}.map`, { force: true });
}
