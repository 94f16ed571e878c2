import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../src/lib/clock.js';
import { SYSTEM } from '../src/access/actor.js';
import { createPresenceStore } from '../src/presence/store.js';
import { END_REASON_TEXT, type EndReason } from '../src/sessions/types.js';
import { backends } from './helpers/backends.js';
import { Harness, PASSWORD } from './helpers/harness.js';
import { cuttableProxy, Tab } from './helpers/live.js';

// One second of grace: the server then pings every 250 ms, so a cut network is noticed quickly.
// Presence itself is judged on the harness's manual clock, which the tests move.
const ENV = { PRESENCE_GRACE_SECONDS: '1' };
const GRACE = 1000;

async function expectSignedOut(tab: Tab, reason: EndReason) {
  expect(await tab.next('session.ended')).toEqual({ type: 'session.ended', reason, message: END_REASON_TEXT[reason] });
  expect((await tab.closed).code).toBe(4001);
}

/**
 * Sends a WebSocket handshake over a raw socket that does not close its own side first, and
 * resolves with what the server wrote once the server has ended the connection (a socket left
 * open times the test out).
 */
function upgradeOnRawSocket(baseUrl: string, path: string, headers: Record<string, string>): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), allowHalfOpen: true });
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('error', reject);
    // The server ending its side is the proof; this side then closes too.
    socket.on('end', () => {
      socket.destroy();
      resolve(received);
    });
    const lines = [
      `GET ${path} HTTP/1.1`,
      `host: ${hostname}:${port}`,
      'connection: Upgrade',
      'upgrade: websocket',
      'sec-websocket-version: 13',
      'sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

describe.each(backends())('live connections on $name', (backend) => {
  let h: Harness;
  let base: string;
  let ownerCookie: string;
  const tabs: Tab[] = [];
  const open = async (cookie: string, url = base) => {
    const tab = await Tab.open(url, cookie);
    tabs.push(tab);
    return tab;
  };
  const online = async () => {
    const res = await h.request('GET', '/api/presence', { cookie: ownerCookie });
    expect(res.statusCode).toBe(200);
    return (res.json().online as { accountId: string }[]).map((o) => o.accountId);
  };
  const sessionIdOf = async (cookie: string) => (await h.request('GET', '/api/me', { cookie })).json().session.id as string;
  const rowsOf = (sessionId: string) => h.db.kysely.selectFrom('live_connections').selectAll().where('session_id', '=', sessionId).execute();

  beforeAll(async () => {
    h = await Harness.start(backend, ENV);
    base = await h.listen();
    ownerCookie = await h.signIn('owner@acme.test');
  });
  afterEach(async () => {
    await Promise.all(tabs.splice(0).map((t) => t.close()));
  });
  afterAll(() => h?.close());

  it('refuses a handshake without a session, from another site, or for an ended session', async () => {
    expect((await Tab.refused(base, {})).status).toBe(401);
    const cross = await Tab.refused(base, { cookie: ownerCookie }, 'https://evil.example');
    expect(cross.status).toBe(403);
    expect(JSON.parse(cross.body).error.code).toBe('cross_site_request');
    expect((await Tab.refused(base, { cookie: ownerCookie, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await Tab.refused(base, { cookie: ownerCookie, 'sec-fetch-site': 'same-site' }, 'https://sibling.acme.test')).status).toBe(403);
    await h.account('agent', 'Ended Early', 'ended@acme.test');
    const cookie = await h.signIn('ended@acme.test');
    await h.request('POST', '/api/auth/logout', { cookie });
    const ended = await Tab.refused(base, { cookie });
    expect(ended.status).toBe(401);
    expect(JSON.parse(ended.body).error).toMatchObject({ code: 'session_expired', reason: 'signed_out' });
    expect(await h.db.kysely.selectFrom('live_connections').selectAll().execute()).toEqual([]);
  });

  it('answers an upgrade to any other route over HTTP and closes the socket after it', async () => {
    // The socket layer lives in the live connection's scope only; a socket Node handed over for
    // an upgrade must still never be left open after a refusal or a plain answer.
    const refused = await upgradeOnRawSocket(base, '/api/live', {});
    expect(refused).toMatch(/^HTTP\/1\.1 401 /);
    expect(refused).toContain('"unauthenticated"');
    const cross = await upgradeOnRawSocket(base, '/api/live', { cookie: ownerCookie, origin: 'https://evil.example' });
    expect(cross).toMatch(/^HTTP\/1\.1 403 /);
    const me = await upgradeOnRawSocket(base, '/api/me', { cookie: ownerCookie });
    expect(me).toMatch(/^HTTP\/1\.1 200 /);
    expect(me).not.toContain('101 Switching Protocols');
    expect(me).toContain('"owner@acme.test"');
    expect(me.toLowerCase()).toContain('x-content-type-options: nosniff');
    expect(await upgradeOnRawSocket(base, '/api/me', {})).toMatch(/^HTTP\/1\.1 401 /);
    expect(await upgradeOnRawSocket(base, '/api/no-such-route', { cookie: ownerCookie })).toMatch(/^HTTP\/1\.1 404 /);
    expect(await h.db.kysely.selectFrom('live_connections').selectAll().execute()).toEqual([]);
  });

  it('accepts a same-origin tab and a non-browser client without Origin', async () => {
    const tab = await open(ownerCookie);
    expect(await tab.next('ready')).toEqual({ type: 'ready', sessionId: await sessionIdOf(ownerCookie), accountId: h.owner.id });
    tab.ws.send(JSON.stringify({ type: 'heartbeat' }));
    await tab.next('heartbeat.ack');
    const WebSocket = (await import('ws')).default;
    const bare = new WebSocket(`${base.replace('http', 'ws')}/api/live`, { headers: { cookie: ownerCookie } });
    await new Promise((resolve, reject) => {
      bare.once('message', resolve);
      bare.once('unexpected-response', reject);
    });
    bare.close();
  });

  it('shows an account online while a tab is connected, offline a grace period after it closes, the session still valid', async () => {
    const agent = await h.account('agent', 'Maya Chen', 'maya@acme.test');
    const cookie = await h.signIn('maya@acme.test');
    expect(await online()).not.toContain(agent.id);
    expect(await h.services.presence.onlineAmong(h.workspace.id, [agent.id])).toEqual(new Set());

    const tab = await open(cookie);
    expect(await online()).toContain(agent.id);
    expect(await h.services.presence.onlineAmong(h.workspace.id, [agent.id])).toEqual(new Set([agent.id]));
    // Online, there is no "last seen".
    expect((await h.request('GET', '/api/team/agents?q=maya', { cookie: ownerCookie })).json().accounts[0]).toMatchObject({ presence: 'online', lastSeenAt: null });
    const [row] = await rowsOf(await sessionIdOf(cookie));
    expect(row).toMatchObject({ account_id: agent.id, node_id: h.services.config.nodeId, closed_at: null });

    await tab.close();
    await expect.poll(async () => (await rowsOf(row!.session_id))[0]?.closed_at).not.toBeNull();
    // Within the grace period the account still reads online (a reload does not flicker)…
    h.clock.advance(GRACE - 1);
    expect(await online()).toContain(agent.id);
    // …and offline once it has passed.
    h.clock.advance(2);
    expect(await online()).not.toContain(agent.id);
    // Offline, the team list says when the account was last seen: no earlier than its tab's last contact.
    const seenAt = Number((await rowsOf(row!.session_id))[0]!.seen_at);
    const lastSeen = (await h.services.presence.lastSeenAmong(h.workspace.id, [agent.id])).get(agent.id);
    expect(lastSeen).toBeGreaterThanOrEqual(seenAt);
    const listed = (await h.request('GET', '/api/team/agents?q=maya', { cookie: ownerCookie })).json().accounts[0];
    expect(listed).toMatchObject({ presence: 'offline', lastSeenAt: new Date(lastSeen!).toISOString() });
    const me = await h.request('GET', '/api/me', { cookie });
    expect(me.statusCode).toBe(200);
  });

  it('counts a tab whose network is cut offline a grace period after its last sign of life', async () => {
    const agent = await h.account('agent', 'Cut Cable', 'cut@acme.test');
    const cookie = await h.signIn('cut@acme.test');
    const port = Number(new URL(base).port);
    const proxy = await cuttableProxy(port);
    try {
      await open(cookie, proxy.url);
      expect(await online()).toContain(agent.id);
      const before = h.services.live.size();
      proxy.cut();
      // No FIN, no RST: the server only learns from unanswered pings.
      await expect.poll(() => h.services.live.size(), { timeout: 5000, interval: 50 }).toBe(before - 1);
      const sessionId = await sessionIdOf(cookie);
      await expect.poll(async () => (await rowsOf(sessionId))[0]?.closed_at, { timeout: 2000 }).not.toBeNull();
      expect(await online()).toContain(agent.id);
      h.clock.advance(GRACE + 1);
      await h.services.live.beat();
      expect(await online()).not.toContain(agent.id);
      expect((await h.request('GET', '/api/me', { cookie })).statusCode).toBe(200);
    } finally {
      await proxy.close();
    }
  });

  it('signs a tab out with the reason, for every way a session ends through the API', async () => {
    const agent = await h.account('agent', 'Reason Tester', 'reasons@acme.test');
    const admin = await h.account('admin', 'Reason Tester', 'reasons@acme.test');
    expect(admin.login_id).toBe(agent.login_id);

    // Sign-out.
    let cookie = await h.signIn('reasons@acme.test', 'agent');
    let tab = await open(cookie);
    expect((await h.request('POST', '/api/auth/logout', { cookie })).statusCode).toBe(204);
    await expectSignedOut(tab, 'signed_out');

    // Closed from the login's own Sessions page: one, then all others.
    const other = await h.signIn('reasons@acme.test', 'agent');
    cookie = await h.signIn('reasons@acme.test', 'agent');
    tab = await open(cookie);
    expect((await h.request('DELETE', `/api/me/sessions/${await sessionIdOf(cookie)}`, { cookie: other })).json()).toEqual({ ended: 1 });
    await expectSignedOut(tab, 'ended_by_user');
    cookie = await h.signIn('reasons@acme.test', 'agent');
    tab = await open(cookie);
    expect((await h.request('POST', '/api/me/sessions/end-others', { cookie: other })).json()).toEqual({ ended: 1 });
    await expectSignedOut(tab, 'ended_by_user');

    // A password change ends the login's other sessions.
    cookie = await h.signIn('reasons@acme.test', 'agent');
    tab = await open(cookie);
    const changed = await h.request('POST', '/api/auth/password', { cookie: other, body: { current: PASSWORD, next: `${PASSWORD} 2` } });
    expect(changed.json()).toEqual({ endedSessions: 1 });
    await expectSignedOut(tab, 'password_changed');
    await h.request('POST', '/api/auth/password', { cookie: other, body: { current: `${PASSWORD} 2`, next: PASSWORD } });

    // Switching to the linked account ends the old session.
    cookie = await h.signIn('reasons@acme.test', 'agent');
    tab = await open(cookie);
    expect((await h.request('POST', '/api/auth/switch', { cookie, body: { account: 'admin' } })).statusCode).toBe(200);
    await expectSignedOut(tab, 'switched');

    // The session limit ends the oldest session at the next sign-in.
    await h.db.kysely.updateTable('workspaces').set({ session_limit: 1 }).where('id', '=', h.workspace.id).execute();
    try {
      cookie = await h.signIn('reasons@acme.test', 'agent');
      tab = await open(cookie);
      await h.signIn('reasons@acme.test', 'agent');
      await expectSignedOut(tab, 'session_limit');
    } finally {
      await h.db.kysely.updateTable('workspaces').set({ session_limit: null }).where('id', '=', h.workspace.id).execute();
    }
  });

  it('signs tabs out for ends decided by administrators, rules and bulk calls (the one end path)', async () => {
    const reasons = ['ended_by_admin', 'account_disabled', 'ip_not_allowed'] as const;
    for (const reason of reasons) {
      const agent = await h.account('agent', `By ${reason}`, `${reason}@acme.test`);
      const cookie = await h.signIn(`${reason}@acme.test`);
      const tab = await open(cookie);
      await h.services.sessions.end({ workspaceId: h.workspace.id, accountIds: [agent.id] }, reason, SYSTEM);
      await expectSignedOut(tab, reason);
    }
    // A bulk end over many accounts reaches every tab.
    const bulk = await Promise.all([...Array(6).keys()].map((i) => h.account('agent', `Bulk ${i}`, `bulk${i}@acme.test`)));
    const bulkTabs = await Promise.all(bulk.map(async (a, i) => open(await h.signIn(`bulk${i}@acme.test`))));
    const ended = await h.services.sessions.end({ workspaceId: h.workspace.id, accountIds: bulk.map((a) => a.id) }, 'ended_by_admin', SYSTEM);
    expect(ended).toHaveLength(6);
    await Promise.all(bulkTabs.map((t) => expectSignedOut(t, 'ended_by_admin')));
  });

  it('signs out, at its next beat, a tab whose end this node never heard of', async () => {
    await h.account('agent', 'Missed Notice', 'missed@acme.test');
    const cookie = await h.signIn('missed@acme.test');
    const tab = await open(cookie);
    // As if another node ended it while this node's listener was down: no bus message at all.
    await h.db.kysely
      .updateTable('sessions')
      .set({ ended_at: h.clock.now(), end_reason: 'ended_by_admin' })
      .where('id', '=', await sessionIdOf(cookie))
      .execute();
    await h.services.live.beat();
    await expectSignedOut(tab, 'ended_by_admin');
  });

  it('takes an account offline at once when its last live session ends, not while another has a tab', async () => {
    const agent = await h.account('agent', 'Two Laptops', 'two@acme.test');
    const first = await h.signIn('two@acme.test');
    const second = await h.signIn('two@acme.test');
    const tab1 = await open(first);
    const tab2 = await open(second);
    await h.request('POST', '/api/auth/logout', { cookie: first });
    await expectSignedOut(tab1, 'signed_out');
    expect(await online()).toContain(agent.id);
    expect(tab2.of('session.ended')).toEqual([]);
    await h.request('POST', '/api/auth/logout', { cookie: second });
    await expectSignedOut(tab2, 'signed_out');
    // No grace period for an ended session: its tabs stop counting when the end commits.
    expect(await online()).not.toContain(agent.id);
  });

  it("tells administrators' tabs about presence and sessions they may see, and nobody else", async () => {
    const watcher = await open(ownerCookie);
    await h.services.live.beat();
    await h.account('admin', 'No Grants', 'nogrants@acme.test');
    const blind = await open(await h.signIn('nogrants@acme.test'));
    const agent = await h.account('agent', 'Watched Agent', 'watched@acme.test');

    const cookie = await h.signIn('watched@acme.test');
    await expect
      .poll(() => watcher.of('sessions.changed').filter((m) => (m.accountIds as string[]).includes(agent.id)))
      .toEqual([{ type: 'sessions.changed', accountIds: [agent.id] }]);
    const tab = await open(cookie);
    await expect.poll(() => watcher.of('presence').find((m) => m.accountId === agent.id)).toEqual({ type: 'presence', accountId: agent.id, presence: 'online' });

    await h.request('POST', '/api/auth/logout', { cookie });
    await expectSignedOut(tab, 'signed_out');
    await expect
      .poll(
        () =>
          watcher
            .of('presence')
            .filter((m) => m.accountId === agent.id)
            .at(-1)?.presence,
      )
      .toBe('offline');
    expect(watcher.of('sessions.changed').filter((m) => (m.accountIds as string[]).includes(agent.id))).toHaveLength(2);

    const agentView = await h.request('GET', '/api/presence', { cookie: await h.signIn('watched@acme.test') });
    expect(agentView.statusCode).toBe(403);
    expect(blind.messages.filter((m) => m.type === 'presence' || m.type === 'sessions.changed')).toEqual([]);
  });

  it('lists online administrators only to those who may read administrators, and follows grant edits', async () => {
    const sub = await h.account('admin', 'Agents Only', 'agentsonly@acme.test', ['team.agents']);
    const peer = await h.account('admin', 'Peer Admin', 'peer@acme.test', ['team.agents']);
    const subCookie = await h.signIn('agentsonly@acme.test');
    await open(await h.signIn('peer@acme.test'));
    const seen = async (cookie: string) => ((await h.request('GET', '/api/presence', { cookie })).json().online as { accountId: string }[]).map((o) => o.accountId);
    expect(await seen(ownerCookie)).toContain(peer.id);
    expect(await seen(subCookie)).not.toContain(peer.id);

    // A sub-administrator whose tab connected without grants starts receiving events once granted.
    await h.db.kysely.updateTable('accounts').set({ grants: '[]' }).where('id', '=', sub.id).execute();
    const tab = await open(subCookie);
    const agent = await h.account('agent', 'Later Agent', 'later@acme.test');
    await h.signIn('later@acme.test');
    await h.db.kysely.updateTable('accounts').set({ grants: '["team.agents"]' }).where('id', '=', sub.id).execute();
    await h.services.live.beat();
    await h.signIn('later@acme.test');
    await expect.poll(() => tab.of('sessions.changed')).toEqual([{ type: 'sessions.changed', accountIds: [agent.id] }]);
  });

  it('pages who is online by name, namesakes by id, without losing or repeating anyone', async () => {
    for (const [name, email] of [
      ['Zoe Page', 'zoe.page@acme.test'],
      ['Abe Page', 'abe.page@acme.test'],
      ['Abe Page', 'abe.page2@acme.test'],
    ] as const) {
      await h.account('agent', name, email);
      await open(await h.signIn(email));
    }
    const all = (await h.request('GET', '/api/presence?limit=200', { cookie: ownerCookie })).json();
    expect(all.nextCursor).toBeNull();
    const names = (all.online as { name: string }[]).map((o) => o.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await h.request('GET', `/api/presence?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { cookie: ownerCookie });
      expect(res.statusCode).toBe(200);
      paged.push(...(res.json().online as { accountId: string }[]).map((o) => o.accountId));
      cursor = res.json().nextCursor;
    } while (cursor && paged.length < 100);
    expect(paged).toEqual((all.online as { accountId: string }[]).map((o) => o.accountId));
    expect((await h.request('GET', '/api/presence?cursor=nope', { cookie: ownerCookie })).statusCode).toBe(400);
    expect((await h.request('GET', '/api/presence?limit=0', { cookie: ownerCookie })).statusCode).toBe(400);
  });

  it('serves Prometheus metrics without per-account data', async () => {
    await open(ownerCookie);
    const res = await h.request('GET', '/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const family of [
      'gatehouse_http_requests_total{method="POST",status="200"}',
      'gatehouse_signins_total{result="success"}',
      'gatehouse_sessions_active ',
      'gatehouse_sessions_ended_total{reason="signed_out"}',
      'gatehouse_live_sockets 1',
      'gatehouse_presence_online ',
      'gatehouse_notify_lag_seconds_count',
    ]) {
      expect(res.body).toContain(family);
    }
    expect(res.body).not.toMatch(/acc_|ses_|ws_|@acme/);
  });
});

describe.each(backends())('presence over time on $name', (backend) => {
  let h: Harness;
  let base: string;
  beforeAll(async () => {
    h = await Harness.start(backend, { ...ENV, METRICS_TOKEN: 'a-long-metrics-token' });
    base = await h.listen();
  });
  afterAll(() => h?.close());

  it('flags a session idle after eight hours without a connected tab', async () => {
    const cookie = await h.signIn('owner@acme.test');
    const sessionId = (await h.request('GET', '/api/me', { cookie })).json().session.id as string;
    expect(await h.services.presence.idleAmong([sessionId])).toEqual(new Set());
    h.clock.advance(8 * HOUR + MINUTE);
    expect(await h.services.presence.idleAmong([sessionId])).toEqual(new Set([sessionId]));

    const tab = await Tab.open(base, cookie);
    expect(await h.services.presence.idleAmong([sessionId])).toEqual(new Set());
    h.clock.advance(9 * HOUR);
    // The node refreshes its open tabs' rows every ping; the tab answers in between.
    await h.services.live.beat();
    await tab.heartbeat();
    expect(await h.services.presence.idleAmong([sessionId])).toEqual(new Set());
    await tab.close();
    await expect.poll(async () => (await h.db.kysely.selectFrom('live_connections').select('closed_at').executeTakeFirst())?.closed_at).not.toBeNull();
    h.clock.advance(7 * HOUR);
    expect(await h.services.presence.idleAmong([sessionId])).toEqual(new Set());
    h.clock.advance(2 * HOUR);
    expect(await h.services.presence.idleAmong([sessionId])).toEqual(new Set([sessionId]));
  });

  it("never moves a tab's last contact back when a node's earlier beat commits after a later one", async () => {
    await h.account('agent', 'Beats', 'beats@acme.test');
    const cookie = await h.signIn('beats@acme.test');
    const tab = await Tab.open(base, cookie);
    const sessionId = (await h.request('GET', '/api/me', { cookie })).json().session.id as string;
    const row = await h.db.kysely.selectFrom('live_connections').select(['node_id', 'seen_at']).where('session_id', '=', sessionId).executeTakeFirstOrThrow();
    const store = createPresenceStore(h.db);
    const later = h.clock.now() + 10 * HOUR;
    await store.beat(row.node_id, later);
    await store.beat(row.node_id, later - HOUR);
    const after = await h.db.kysely.selectFrom('live_connections').select('seen_at').where('session_id', '=', sessionId).executeTakeFirstOrThrow();
    expect(Number(after.seen_at)).toBe(later);
    await tab.close();
  });

  it('signs tabs out when the sweep ends sessions for inactivity or age', async () => {
    await h.account('agent', 'Sleepy', 'sleepy@acme.test');
    const tab = await Tab.open(base, await h.signIn('sleepy@acme.test'));
    // An open tab is not activity: the session still times out.
    h.clock.advance(72 * HOUR + MINUTE);
    await h.services.live.beat();
    expect(await h.services.sessions.sweep()).toBeGreaterThanOrEqual(1);
    await expectSignedOut(tab, 'idle_timeout');

    await h.db.kysely.updateTable('workspaces').set({ absolute_lifetime_minutes: 60 }).where('id', '=', h.workspace.id).execute();
    const old = await Tab.open(base, await h.signIn('sleepy@acme.test'));
    h.clock.advance(61 * MINUTE);
    await h.services.sessions.sweep();
    await expectSignedOut(old, 'lifetime_expired');
  });

  it('asks for the metrics token when one is configured', async () => {
    const none = await h.request('GET', '/metrics');
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('unauthenticated');
    expect((await h.request('GET', '/metrics', { headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    const ok = await h.request('GET', '/metrics', { headers: { authorization: 'Bearer a-long-metrics-token' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('# TYPE gatehouse_live_sockets gauge');
  });
});
