import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../src/lib/clock.js';
import { backends } from './helpers/backends.js';
import { cookieFrom, FIREFOX_LINUX, Harness } from './helpers/harness.js';

/**
 * GET /api/sessions/{id}: everything known about one session and its history, under exactly the
 * authorization of ending it (DELETE /api/sessions/{id}). Each test tries to read or end a
 * session it must not, and checks that nothing leaked and nothing ended.
 */
describe.each(backends())('session detail on $name', (backend) => {
  let h: Harness;
  let owner: string;
  let agent: string;
  let colleague: string;
  let agentsOnly: string;
  let adminsOnly: string;
  let security: string;
  let auditOnly: string;
  let rival: string;

  beforeAll(async () => {
    h = await Harness.start(backend);
    await h.account('agent', 'Ann Agent', 'ann@acme.test');
    await h.account('agent', 'Carl Colleague', 'carl@acme.test');
    await h.account('admin', 'Tina Agents', 'tina@acme.test', ['team.agents']);
    await h.account('admin', 'Adam Admins', 'adam@acme.test', ['team.admins', 'audit']);
    await h.account('admin', 'Sue Security', 'sue@acme.test', ['settings.security']);
    await h.account('admin', 'Otto Audit', 'otto@acme.test', ['audit']);
    await h.createWorkspace({ slug: 'rival', name: 'Rival', adminName: 'Rival Owner', adminEmail: 'boss@rival.test' });
    owner = await h.signIn('owner@acme.test');
    agent = await h.signIn('ann@acme.test', undefined, { ip: '85.214.132.117', headers: { 'user-agent': FIREFOX_LINUX } });
    colleague = await h.signIn('carl@acme.test');
    agentsOnly = await h.signIn('tina@acme.test');
    adminsOnly = await h.signIn('adam@acme.test');
    security = await h.signIn('sue@acme.test');
    auditOnly = await h.signIn('otto@acme.test');
    rival = cookieFrom(await h.login('boss@rival.test', { workspace: 'rival' }));
  });
  afterAll(() => h?.close());

  const sessionIdOf = async (cookie: string) => (await h.request('GET', '/api/me', { cookie })).json().session.id as string;
  const isActive = async (id: string) => (await h.db.kysely.selectFrom('sessions').select('ended_at').where('id', '=', id).executeTakeFirstOrThrow()).ended_at === null;
  const detail = (id: string, cookie: string) => h.request('GET', `/api/sessions/${id}`, { cookie });

  it('shows everything known about a session: account, device, place, method, expiry, and its sign-in in the history', async () => {
    const id = await sessionIdOf(agent);
    const res = await detail(id, owner);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.session).toMatchObject({
      id,
      status: 'active',
      ip: '85.214.132.117',
      userAgent: FIREFOX_LINUX,
      browser: 'Firefox 133',
      os: 'Ubuntu',
      deviceType: 'desktop',
      location: { country: 'DE', countryName: 'Germany' },
      authMethod: 'password',
      account: { name: 'Ann Agent', email: 'ann@acme.test', role: 'agent', isPrimary: false },
      current: false,
      endedAt: null,
      endReason: null,
      endedBy: null,
    });
    const startedAt = Date.parse(body.session.startedAt);
    // Agents idle out after the workspace's timeout (72 h by default); every session after 30 days.
    expect(Date.parse(body.session.idleExpiresAt)).toBe(Date.parse(body.session.lastActiveAt) + 72 * HOUR);
    expect(Date.parse(body.session.expiresAt)).toBe(startedAt + 30 * 24 * HOUR);
    expect(body.mayEnd).toBe(true);
    expect(body.refusal).toBeNull();
    expect(body.history.map((e: { type: string }) => e.type)).toEqual(['signin']);
    expect(body.history[0]).toMatchObject({ sessionId: id, actor: { label: 'Ann Agent <ann@acme.test>' } });
    // The caller's own session is marked.
    expect((await detail(await sessionIdOf(owner), owner)).json().session.current).toBe(true);
  });

  it('an agent reads and ends only its own sessions; a colleague’s is refused like ending it, and stays active', async () => {
    const own = await sessionIdOf(agent);
    expect((await detail(own, agent)).statusCode).toBe(200);
    const other = await sessionIdOf(colleague);
    const read = await detail(other, agent);
    expect(read.statusCode).toBe(403);
    expect(read.json().error.code).toBe('forbidden');
    expect(read.body).not.toContain('carl@acme.test');
    const end = await h.request('DELETE', `/api/sessions/${other}`, { cookie: agent });
    expect(end.statusCode).toBe(403);
    expect(await isActive(other)).toBe(true);
    // The owner's session: the same refusal, no detail.
    expect((await detail(await sessionIdOf(owner), agent)).statusCode).toBe(403);
  });

  it('an administrator reads by the grant for the session’s role (or Settings › Security), and nothing else', async () => {
    const agentSession = await sessionIdOf(colleague);
    const adminSession = await sessionIdOf(auditOnly);
    // team.agents: agents' sessions, not administrators'.
    expect((await detail(agentSession, agentsOnly)).json().mayEnd).toBe(true);
    expect((await detail(adminSession, agentsOnly)).statusCode).toBe(403);
    expect((await h.request('DELETE', `/api/sessions/${adminSession}`, { cookie: agentsOnly })).statusCode).toBe(403);
    expect(await isActive(adminSession)).toBe(true);
    // team.admins: administrators' sessions, not agents'.
    expect((await detail(adminSession, adminsOnly)).json().mayEnd).toBe(true);
    expect((await detail(agentSession, adminsOnly)).statusCode).toBe(403);
    // Settings › Security: every session of the workspace, as its Active sessions list shows them.
    expect((await detail(agentSession, security)).statusCode).toBe(200);
    expect((await detail(adminSession, security)).statusCode).toBe(200);
    // audit alone: no session but its own login's.
    expect((await detail(agentSession, auditOnly)).statusCode).toBe(403);
    expect((await detail(adminSession, auditOnly)).statusCode).toBe(200);
  });

  it('a sub-administrator sees the primary administrator’s session but may not end it (rule 1), and the detail says why', async () => {
    const ownerSession = await sessionIdOf(owner);
    for (const cookie of [adminsOnly, security]) {
      const res = await detail(ownerSession, cookie);
      expect(res.statusCode).toBe(200);
      expect(res.json().mayEnd).toBe(false);
      expect(res.json().refusal.code).toBe('primary_admin_protected');
      const end = await h.request('DELETE', `/api/sessions/${ownerSession}`, { cookie });
      expect(end.statusCode).toBe(403);
      expect(end.json().error.code).toBe('primary_admin_protected');
    }
    expect(await isActive(ownerSession)).toBe(true);
    // team.agents alone covers no administrator, the primary one included.
    expect((await detail(ownerSession, agentsOnly)).statusCode).toBe(403);
  });

  it('another workspace’s session is not found, to read or to end, even for its primary administrator', async () => {
    const rivalSession = await sessionIdOf(rival);
    for (const cookie of [owner, security, agent]) {
      const res = await detail(rivalSession, cookie);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
      expect(res.body).not.toContain('rival.test');
      expect((await h.request('DELETE', `/api/sessions/${rivalSession}`, { cookie })).statusCode).toBe(404);
    }
    expect(await isActive(rivalSession)).toBe(true);
    // And the other way round.
    const mine = await sessionIdOf(agent);
    expect((await detail(mine, rival)).statusCode).toBe(404);
    expect((await detail('ses_nothing', owner)).statusCode).toBe(404);
    expect((await detail('x'.repeat(65), owner)).statusCode).toBe(400);
  });

  it('an ended session keeps its true last activity and says when, why and by whom it ended; the history has the end', async () => {
    await h.account('agent', 'Idle Ida', 'ida@acme.test');
    const ida = await h.signIn('ida@acme.test');
    const id = await sessionIdOf(ida);
    h.clock.advance(10 * MINUTE);
    // A request 10 minutes in is its last activity…
    expect((await h.request('GET', '/api/me', { cookie: ida })).statusCode).toBe(200);
    const lastActive = h.clock.now();
    // …then three idle hours before Tina ends it.
    h.clock.advance(3 * HOUR);
    expect((await h.request('DELETE', `/api/sessions/${id}`, { cookie: agentsOnly })).json()).toEqual({ ended: 1 });
    const body = (await detail(id, agentsOnly)).json();
    expect(body.session).toMatchObject({ status: 'ended', endReason: 'ended_by_admin', endedBy: { name: 'Tina Agents' }, idleExpiresAt: null, expiresAt: null });
    expect(Date.parse(body.session.lastActiveAt)).toBe(lastActive);
    expect(Date.parse(body.session.endedAt)).toBe(h.clock.now());
    expect(body.mayEnd).toBe(false);
    expect(body.refusal).toBeNull();
    expect(body.history.map((e: { type: string }) => e.type)).toEqual(['session.ended', 'signin']);
    expect(body.history[0]).toMatchObject({ actor: { label: 'Tina Agents <tina@acme.test>' }, detail: { reason: 'ended_by_admin' } });
    // Ending it again changes nothing.
    expect((await h.request('DELETE', `/api/sessions/${id}`, { cookie: agentsOnly })).json()).toEqual({ ended: 0 });
  });

  it('what was done in a session is in its history for holders of the audit grant only', async () => {
    const adamSession = await sessionIdOf(adminsOnly);
    // Adam (team.admins) renames an administrator from his session: an audit row naming it.
    const target = await h.account('admin', 'Rena Me', 'rena@acme.test');
    expect((await h.request('PATCH', `/api/team/accounts/${target.id}`, { cookie: adminsOnly, body: { name: 'Renamed' } })).statusCode).toBe(200);
    const types = async (cookie: string) => ((await detail(adamSession, cookie)).json().history as { type: string }[]).map((e) => e.type);
    expect(await types(owner)).toEqual(['account.updated', 'signin']);
    // Adam holds audit: his own session's whole history.
    expect(await types(adminsOnly)).toEqual(['account.updated', 'signin']);
    // Sue (Settings › Security, no audit) sees the session and its own life, not what was done in it.
    expect(await types(security)).toEqual(['signin']);
  });
});
