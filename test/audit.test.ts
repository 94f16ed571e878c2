import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField } from '../src/audit/csv.js';
import type { AccountRow } from '../src/db/schema.js';
import { MINUTE } from '../src/lib/clock.js';
import { backends } from './helpers/backends.js';
import { Harness, PASSWORD } from './helpers/harness.js';

/** A strict RFC 4180 reader: fails on anything a spreadsheet would misread. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((field += '"'), (i += 2));
      else if (c === '"') ((quoted = false), i++);
      else ((field += c), i++);
    } else if (c === '"' && field === '') ((quoted = true), i++);
    else if (c === ',') (row.push(field), (field = ''), i++);
    else if (c === '\r' && text[i + 1] === '\n') (row.push(field), rows.push(row), (row = []), (field = ''), (i += 2));
    else if (c === '"' || c === '\n') throw new Error(`stray ${JSON.stringify(c)} at ${i}`);
    else ((field += c), i++);
  }
  if (quoted || field !== '' || row.length > 0) throw new Error('unterminated last row');
  return rows;
}

describe.each(backends())('audit log on $name', (backend) => {
  let h: Harness;
  let owner: string;
  let auditor: string;
  let agent: AccountRow;

  beforeAll(async () => {
    h = await Harness.start(backend);
    owner = await h.signIn('owner@acme.test');
    await h.account('admin', 'Audrey Auditor', 'auditor@acme.test', ['audit']);
    auditor = await h.signIn('auditor@acme.test');
    // One of each action.
    h.clock.advance(MINUTE);
    const created = await h.request('POST', '/api/team/agents', { cookie: owner, body: { name: '=HYPERLINK("x"), "quoted"', email: 'csv@acme.test', password: PASSWORD } });
    agent = { id: created.json().account.id } as AccountRow;
    await h.login('csv@acme.test', { password: 'wrong password!' }, { ip: '81.2.69.160' });
    const agentCookie = await h.signIn('csv@acme.test', undefined, { ip: '81.2.69.160' });
    await h.request('POST', '/api/auth/logout', { cookie: agentCookie });
    await h.signIn('csv@acme.test');
    await h.request('POST', `/api/team/accounts/${agent.id}/end-sessions`, { cookie: owner });
    await h.request('PATCH', `/api/team/accounts/${agent.id}`, { cookie: owner, body: { disabled: true } });
    await h.login('csv@acme.test');
    await h.request('PATCH', '/api/settings/security', { cookie: owner, body: { agentIdleMinutes: 120 } });
  });
  afterAll(() => h?.close());

  it('records every kind of action with actor, target, IP and time', async () => {
    const res = await h.request('GET', '/api/audit?limit=200', { cookie: auditor });
    expect(res.statusCode).toBe(200);
    const events = res.json().events as {
      type: string;
      actor: { id: string | null; label: string } | null;
      target: { id: string | null } | null;
      ip: string | null;
      at: string;
      detail: Record<string, unknown>;
    }[];
    const types = new Set(events.map((e) => e.type));
    for (const type of ['signin', 'signin.failed', 'signin.refused', 'signout', 'session.ended', 'account.created', 'account.updated', 'settings.updated'])
      expect(types).toContain(type);
    const ended = events.find((e) => e.type === 'session.ended' && e.detail.reason === 'ended_by_admin')!;
    expect(ended.actor).toEqual({ id: h.owner.id, label: 'Olivia Owner <owner@acme.test>' });
    expect(ended.target?.id).toBe(agent.id);
    expect(ended.ip).toBe('127.0.0.1');
    expect(Date.parse(ended.at)).toBeGreaterThan(0);
    const failed = events.find((e) => e.type === 'signin.failed')!;
    expect(failed).toMatchObject({ actor: null, ip: '81.2.69.160', detail: { reason: 'wrong_password' } });
    expect(events.find((e) => e.type === 'account.updated')!.detail).toMatchObject({ disabled: true, endedSessions: 0 });
    expect(events.find((e) => e.type === 'signin.refused')!.detail).toEqual({ reason: 'account_disabled' });
    // Newest first.
    const ids = events.map((e) => (e as unknown as { id: number }).id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
  });

  it('says each detail in words, without JSON or internal ids', async () => {
    const events = (await h.request('GET', '/api/audit?limit=200', { cookie: auditor })).json().events as { type: string; summary: string; detail: Record<string, unknown> }[];
    const summaryOf = (type: string, match: (d: Record<string, unknown>) => boolean = () => true) => events.find((e) => e.type === type && match(e.detail))!.summary;
    expect(summaryOf('session.ended', (d) => d.reason === 'ended_by_admin')).toBe('Ended by an administrator');
    expect(summaryOf('account.updated', (d) => d.disabled === true)).toBe('Disabled');
    expect(summaryOf('signin.refused')).toBe('Account disabled');
    expect(summaryOf('signin.failed')).toBe('Wrong password');
    expect(summaryOf('settings.updated')).toMatch(/^Agent idle timeout \d+ (days?|hours?) → 2 hours$/);
    expect(summaryOf('signin')).toMatch(/^As (agent|administrator) · Chrome 131 on Windows 10/);
    for (const e of events) {
      expect(e.summary, e.type).not.toMatch(/[{}\[\]"]|acc_|ses_/);
    }
  });

  it('filters by type, text and time, and pages with a cursor', async () => {
    const signins = (await h.request('GET', '/api/audit?type=signin,signout', { cookie: auditor })).json().events;
    expect(signins.length).toBeGreaterThanOrEqual(4);
    expect(signins.every((e: { type: string }) => e.type === 'signin' || e.type === 'signout')).toBe(true);
    const text = (await h.request('GET', '/api/audit?q=AUDREY', { cookie: auditor })).json().events;
    expect(text.length).toBeGreaterThan(0);
    expect(text.every((e: { actor: { label: string } | null; target: { label: string } | null }) => `${e.actor?.label} ${e.target?.label}`.includes('Audrey'))).toBe(true);
    const start = new Date(h.clock.now() - 30_000).toISOString();
    const recent = (await h.request('GET', `/api/audit?from=${start}`, { cookie: auditor })).json().events;
    const all = (await h.request('GET', '/api/audit?limit=200', { cookie: auditor })).json().events;
    expect(recent.length).toBeLessThan(all.length);
    const early = (await h.request('GET', `/api/audit?to=${start}`, { cookie: auditor })).json().events;
    expect(recent.length + early.length).toBe(all.length);

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { events: { id: number }[]; nextCursor: string | null } = (
        await h.request('GET', `/api/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { cookie: auditor })
      ).json();
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((e: { id: number }) => e.id));

    expect((await h.request('GET', '/api/audit?type=nope', { cookie: auditor })).statusCode).toBe(400);
    expect((await h.request('GET', '/api/audit?from=yesterday', { cookie: auditor })).statusCode).toBe(400);
  });

  it('exports CSV that parses, with a header row and formula-safe fields', async () => {
    const res = await h.request('GET', '/api/audit.csv', { cookie: auditor });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="gatehouse-audit-acme.csv"/);
    const rows = parseCsv(res.body);
    expect(rows[0]).toEqual(['id', 'at', 'type', 'actor_id', 'actor', 'target_id', 'target', 'session_id', 'ip', 'detail', 'details']);
    const all = (await h.request('GET', '/api/audit?limit=200', { cookie: auditor })).json().events;
    expect(rows.length - 1).toBe(all.length);
    expect(rows.every((r) => r.length === 11)).toBe(true);
    const created = rows.find((r) => r[2] === 'account.created')!;
    expect(created[6]).toBe(`'=HYPERLINK("x"), "quoted" <csv@acme.test>`);
    expect(JSON.parse(created[9]!)).toMatchObject({ role: 'agent' });
    // The same detail in words: no JSON, no ids.
    expect(created[10]).toBe('Agent account');
    const filtered = parseCsv((await h.request('GET', '/api/audit.csv?type=settings.updated', { cookie: auditor })).body);
    expect(filtered).toHaveLength(2);
  });

  it('streams long logs in batches', async () => {
    const many = Array.from({ length: 2500 }, (_, i) => ({
      workspace_id: h.workspace.id,
      at: h.clock.now(),
      type: 'signin.failed',
      actor_account_id: null,
      actor_label: null,
      target_account_id: null,
      target_label: `bulk${i}@acme.test`,
      session_id: null,
      ip: '10.0.0.1',
      detail: '{}',
    }));
    for (let i = 0; i < many.length; i += 500)
      await h.db.kysely
        .insertInto('audit_events')
        .values(many.slice(i, i + 500))
        .execute();
    const rows = parseCsv((await h.request('GET', '/api/audit.csv?q=bulk', { cookie: auditor })).body);
    expect(rows).toHaveLength(2501);
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(2500);
  });

  it('needs the audit grant', async () => {
    await h.account('admin', 'No Audit', 'noaudit@acme.test', ['team.agents', 'team.admins', 'settings.security']);
    const cookie = await h.signIn('noaudit@acme.test');
    expect((await h.request('GET', '/api/audit', { cookie })).statusCode).toBe(403);
    expect((await h.request('GET', '/api/audit.csv', { cookie })).statusCode).toBe(403);
    expect((await h.request('GET', '/api/audit', { cookie: owner })).statusCode).toBe(200);
  });

  it('quotes CSV fields only when needed', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(12)).toBe('12');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('-1')).toBe(`'-1`);
    expect(csvField('@x\n')).toBe(`"'@x\n"`);
  });
});
