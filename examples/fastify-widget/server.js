// A tiny widget behind Gatehouse: its routes need an active Gatehouse session.
import Fastify from 'fastify';
import { gatehouseFastify } from '@gatehouse/client';

const url = process.env.GATEHOUSE_URL;
const serviceKey = process.env.GATEHOUSE_SERVICE_KEY;
if (!url || !serviceKey) {
  console.error('Set GATEHOUSE_URL (e.g. http://127.0.0.1:3000) and GATEHOUSE_SERVICE_KEY (Settings › Integrations).');
  process.exit(1);
}

const app = Fastify();
await app.register(gatehouseFastify, { url, serviceKey, onError: (err) => app.log.warn(err) });
app.get('/widget', async (request) => ({ hello: request.gatehouse.name, role: request.gatehouse.role, expires: new Date(request.gatehouse.exp * 1000).toISOString() }));

const address = await app.listen({ port: Number(process.env.PORT ?? 4001), host: process.env.HOST ?? '127.0.0.1' });
console.log(`widget serving at ${address}/widget`);
