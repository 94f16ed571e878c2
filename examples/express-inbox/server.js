// A tiny inbox behind Gatehouse: every page needs an active Gatehouse session.
import express from 'express';
import { gatehouseExpress } from '@gatehouse/client';

const url = process.env.GATEHOUSE_URL;
const serviceKey = process.env.GATEHOUSE_SERVICE_KEY;
if (!url || !serviceKey) {
  console.error('Set GATEHOUSE_URL (e.g. http://127.0.0.1:3000) and GATEHOUSE_SERVICE_KEY (Settings › Integrations).');
  process.exit(1);
}

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const app = express();
app.use(gatehouseExpress({ url, serviceKey, onError: (err) => console.warn('gatehouse:', err.message) }));
app.get('/', (req, res) => {
  const me = req.gatehouse;
  res.type('html').send(`<!doctype html><meta charset="utf-8"><title>Inbox</title>
<h1 data-testid="inbox">Inbox of ${escape(me.name)}</h1>
<p>Signed in to Gatehouse workspace <b>${escape(me.workspace)}</b> as ${escape(me.email)} (${escape(me.role)}), session <code>${escape(me.sid)}</code>.</p>
<ul><li>No new cases.</li></ul>`);
});

const port = Number(process.env.PORT ?? 4000);
app.listen(port, process.env.HOST ?? '127.0.0.1', function () {
  console.log(`inbox serving at http://${process.env.HOST ?? '127.0.0.1'}:${this.address().port}`);
});
