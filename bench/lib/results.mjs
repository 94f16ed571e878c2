// Appends one row per figure to bench/RESULTS.md, in the table of its benchmark. Notes written
// by hand under a table (profiles, reasons) stay where they are: rows go right after the table's
// last row, and a missing section is added at the end.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_DIR, machine, versions } from './common.mjs';

const RESULTS = path.join(BENCH_DIR, 'RESULTS.md');
const HEADER = ['date (UTC)', 'machine', 'versions', 'backend', 'command', 'figure', 'result', 'same-run baseline', 'ratio', 'target', 'met'];

const cell = (v) =>
  String(v ?? '')
    .replaceAll('|', '\\|')
    .replaceAll('\n', ' ');

/** Adds rows to the section titled `title` (e.g. "Session check"); with --no-write only prints them. */
export function record(title, rows) {
  if (process.argv.includes('--no-write')) return print(rows);
  let text = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n\nWritten by `npm run bench`; see bench/README.md.\n';
  const heading = `## ${title}`;
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  // The 1-minute load average, benchmark included: above ~2 on two cores, other work was running.
  const where = `${machine()}, load ${os.loadavg()[0].toFixed(1)}`;
  const lines = rows.map(
    (r) =>
      `| ${[date, where, versions(), r.backend, r.command, r.figure, r.result, r.baseline ?? '', r.ratio ?? '', r.target ?? '', r.met === undefined ? '' : r.met ? 'met' : '**missed**'].map(cell).join(' | ')} |`,
  );
  let all = text.split('\n');
  let at = all.indexOf(heading);
  if (at === -1) {
    if (all[all.length - 1] !== '') all.push('');
    all.push(heading, '', `| ${HEADER.join(' | ')} |`, `|${HEADER.map(() => ' --- ').join('|')}|`, '');
    at = all.indexOf(heading);
  }
  let i = at + 1;
  while (i < all.length && !all[i].startsWith('|')) i++;
  while (i < all.length && all[i].startsWith('|')) i++;
  all.splice(i, 0, ...lines);
  writeFileSync(RESULTS, all.join('\n'));
  print(rows);
}

function print(rows) {
  for (const r of rows)
    console.log(`  ${r.backend.padEnd(26)} ${r.figure.padEnd(48)} ${String(r.result).padEnd(28)} ${r.ratio ?? ''} ${r.met === undefined ? '' : r.met ? 'met' : 'MISSED'}`);
}
