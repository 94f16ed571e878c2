// Inclusive time per function (its own and its callees') of a --cpu-prof profile, idle left
// out, as a share of busy time; an optional third argument keeps only names containing it.
//   node bench/lib/profile-inclusive.mjs FILE.cpuprofile [N] [filter]
import { readFileSync } from 'node:fs';
const [file, n = '45', filter = ''] = process.argv.slice(2);
const p = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(p.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of p.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
const key = (f) => `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(dist|bench)\//, '$1/')}:${f.lineNumber + 1}`;
const incl = new Map();
let busy = 0;
for (let i = 0; i < p.samples.length; i++) {
  const id = p.samples[i];
  const us = p.timeDeltas[i] ?? 0;
  const leaf = byId.get(id).callFrame.functionName;
  if (leaf === '(idle)') continue;
  busy += us;
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = key(byId.get(cur).callFrame);
    if (seen.has(k)) continue;
    seen.add(k);
    incl.set(k, (incl.get(k) ?? 0) + us);
  }
}
console.log('busy ms', (busy / 1000).toFixed(0));
for (const [k, us] of [...incl]
  .filter(([k]) => k.includes(filter))
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(n)))
  console.log(`${((100 * us) / busy).toFixed(1).padStart(5)}%  ${k}`);
