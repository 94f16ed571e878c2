// The ceiling: a plain Fastify process with one route returning fixed JSON.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json'));
const Fastify = require('fastify');

const app = Fastify({ logger: false });
app.get('/bench/bare', async () => ({ hello: 'world' }));
await app.listen({ port: 0, host: '127.0.0.1' });
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
console.log(JSON.stringify({ port: app.server.address().port }));
