import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

/**
 * Copies the SQLite write-ahead log back into the database file on a worker thread, with its
 * own connection, so that the copy and its two fsyncs (tens of milliseconds for a few MiB on an
 * ordinary disk) never run on the event loop inside some request's write, as SQLite's
 * automatic checkpoint would. The main connection turns automatic checkpoints off while the
 * worker runs, and back on if the worker ever stops.
 *
 * Checkpoints are PASSIVE: they never wait for, nor block, a reader or a writer. Nor do they
 * move `PRAGMA data_version`, so the session check's cache is not disturbed by them.
 *
 * The worker checkpoints when something was written, not on a clock: a timer on this thread
 * compares the connection's write count every `intervalMs` while writes go on, and backs off to
 * once a second while nothing is written, so an idle server costs next to nothing.
 */
export interface Checkpointer {
  /**
   * For long write jobs (the sweep), between batches: resolves at once while the worker's last
   * report (at most two intervals old) found the log short, and otherwise once the worker has
   * copied back everything written before the call, so that the next write starts the log
   * over. The log then stays within about `maxLogPages` plus what the job writes in two
   * intervals, however long the job writes. Gives up waiting after `maxWaitMs`.
   */
  drained(maxWaitMs?: number): Promise<void>;
  /** Stops the worker and closes its connection (before the main one closes). */
  close(): Promise<void>;
}

export interface CheckpointerOptions {
  /** How often the write count is compared while writes go on (ms); idle, it backs off to `idleMs`. */
  intervalMs?: number;
  /** The longest wait between two comparisons while nothing is written (ms). */
  idleMs?: number;
  /** A log longer than this (in pages) makes `drained` wait for the worker. */
  maxLogPages?: number;
  /** Called once if the worker stops on its own (it failed): the caller restores automatic checkpoints. */
  onStopped: (error: unknown) => void;
  /** A count that moves with every write of the caller's connection (SQLite's total_changes()). */
  writes: () => number;
  /** Told of every checkpoint the worker made (for tests and diagnostics). */
  onCheckpoint?: (report: { log: number; checkpointed: number }) => void;
}

// The worker is evaluated from source rather than loaded from a file so that it runs the same
// way from dist/ and from the TypeScript sources under test. It receives the path of the
// better-sqlite3 module the server itself uses.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let db;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.file, { fileMustExist: true });
} catch (err) {
  parentPort.postMessage({ failed: String(err && err.message || err) });
  process.exit(1);
}
// Checkpoints are background work: at the lowest priority this thread runs when the event
// loop's thread is waiting, and never takes a core from it (Linux: a thread id is a process id
// to setpriority). Elsewhere it keeps the process's priority.
try {
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  if (tid > 0) require('node:os').setPriority(tid, 19);
} catch {}
let seq = 0;
const checkpoint = () => {
  const [r] = db.pragma('wal_checkpoint(PASSIVE)');
  parentPort.postMessage({ seq, log: r.log, checkpointed: r.checkpointed });
};
parentPort.on('message', (m) => {
  if (m === 'written') return checkpoint();
  if (typeof m === 'number') {
    seq = m;
    return checkpoint();
  }
  db.close();
  parentPort.close();
});
`;

export function startCheckpointer(file: string, { intervalMs = 25, idleMs = 1000, maxLogPages = 2048, onStopped, writes, onCheckpoint }: CheckpointerOptions): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver } });
  // A checkpointer never keeps the process alive on its own.
  worker.unref();

  // The worker's last report: pages in the log, pages copied back, and the number of the last
  // request it had received (its reports are in order, so one numbered n or more was made after
  // every write that preceded request n).
  let last = { seq: 0, log: 0, checkpointed: 0 };
  let lastAt = -Infinity;
  let asked = 0;
  // The caller's write count when request `asked` was posted: a report answering it is complete
  // only if the caller has written nothing since (this thread's other work may have, meanwhile).
  let writesWhenAsked = 0;
  const ask = () => {
    writesWhenAsked = writes();
    worker.postMessage(++asked);
  };
  let stopped = false;
  let waiters: (() => void)[] = [];
  const wake = () => {
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };

  worker.on('message', (report: typeof last | { failed: string }) => {
    if ('failed' in report) return stop(new Error(`the checkpoint worker could not open ${file}: ${report.failed}`));
    last = report;
    lastAt = performance.now();
    onCheckpoint?.(report);
    if (waiters.length === 0 || report.seq < asked) return;
    // Copied up to the last write: the next write starts the log over. Otherwise go on at once.
    if (report.checkpointed >= report.log && writes() === writesWhenAsked) wake();
    else ask();
  });
  // Written since the last look: checkpoint, and look again soon. Nothing written: look again
  // later and later, up to idleMs. The timer never keeps the process alive.
  let seenWrites = writes();
  let wait = intervalMs;
  let tick: NodeJS.Timeout | undefined;
  const look = () => {
    const now = writes();
    if (now !== seenWrites) {
      seenWrites = now;
      wait = intervalMs;
      worker.postMessage('written');
    } else {
      wait = Math.min(wait * 2, idleMs);
    }
    tick = setTimeout(look, wait).unref();
  };
  tick = setTimeout(look, wait).unref();

  const stop = (error: unknown) => {
    if (stopped) return;
    stopped = true;
    clearTimeout(tick);
    wake();
    onStopped(error);
  };
  worker.on('error', stop);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let closing = false;
  void exited.then(() => {
    if (!closing) stop(new Error('the checkpoint worker exited'));
  });

  return {
    drained(maxWaitMs = 5000) {
      // A report is trusted while it is fresh; an older one may predate a run of writes.
      if (stopped || (last.log <= maxLogPages && performance.now() - lastAt <= 2 * intervalMs)) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, maxWaitMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
        if (waiters.length === 1) ask();
      });
    },
    async close() {
      if (closing) return;
      closing = true;
      stopped = true;
      clearTimeout(tick);
      wake();
      worker.postMessage('close');
      const timer = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}
