// Opens many console tabs' live connections (/api/live) and holds them: reads
// {url, cookies, perSecond} as JSON on stdin, prints {"open": n, "failed": m} once every tab is
// ready (or refused), then keeps them open until stdin closes. Run pinned to core 1.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import readline from 'node:readline';

const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json'));
const WebSocket = require('ws');

const rl = readline.createInterface({ input: process.stdin });
const first = await new Promise((resolve) => rl.once('line', resolve));
const o = JSON.parse(first);
const base = new URL(o.url);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname)) throw new Error('benchmarks only connect to loopback addresses');
const wsUrl = `${o.url.replace(/^http/, 'ws')}/api/live`;

const sockets = [];
let open = 0;
let failed = 0;
const one = (cookie) =>
  new Promise((resolve) => {
    const ws = new WebSocket(wsUrl, { headers: { cookie }, origin: o.url });
    sockets.push(ws);
    const done = (ok) => {
      if (ok) open++;
      else failed++;
      resolve();
    };
    ws.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'ready') done(true);
    });
    ws.once('unexpected-response', () => done(false));
    ws.once('error', () => done(false));
  });
// Opened in waves, as tabs reconnecting after a deploy would, not all in the same millisecond.
for (let i = 0; i < o.cookies.length; i += 250) await Promise.all(o.cookies.slice(i, i + 250).map(one));
console.log(JSON.stringify({ open, failed }));
rl.on('close', () => {
  for (const ws of sockets) ws.terminate();
  process.exit(0);
});
