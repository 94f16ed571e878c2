import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { SessionContext } from '../access/context.js';
import { rolesVisibleTo } from '../access/permissions.js';
import type { Role } from '../db/schema.js';
import type { Clock } from '../lib/clock.js';
import { parseList } from '../lib/json.js';
import type { SessionBus } from '../sessions/events.js';
import { END_REASON_TEXT, type EndReason } from '../sessions/types.js';
import type { PresenceStore } from './store.js';

/** Close code of a tab whose session ended: the client must not reconnect. */
const CLOSE_SESSION_ENDED = 4001;
/** Close code when the node shuts down: the client reconnects (to this node or another). */
const CLOSE_GOING_AWAY = 1001;
/**
 * Sent just before CLOSE_GOING_AWAY: "this node is going, reconnect now". The console then
 * reconnects at once (through the load balancer, to another node) instead of backing off as
 * after a fault, and shows no warning for it.
 */
const RECONNECT = { type: 'reconnect' } as const;
/** How long a tab sent on may take to answer the close before its socket is cut (a shutdown waits for it). */
const CLOSE_HANDSHAKE_MS = 1000;
/** Close code for a socket past the per-session limit below. */
const CLOSE_POLICY = 1008;
/** Open tabs one session may hold on one node: far above any person's, low enough that a script cannot fill the table. */
const MAX_TABS_PER_SESSION = 50;
/** Heartbeats are not answered to a client that does not read its answers (memory stays bounded). */
const MAX_BUFFERED_BYTES = 64 * 1024;

interface Logger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface LiveHubOptions {
  store: PresenceStore;
  bus: SessionBus;
  clock: Clock;
  nodeId: string;
  graceMs: number;
  idleMs: number;
  log: Logger;
}

/** The open console tabs of this node: their presence rows, and the events they receive. */
export interface LiveHub {
  /** Takes over a tab's socket once its session cookie and origin have been checked. */
  accept(socket: WebSocket, ctx: SessionContext): void;
  /** Refreshes this node's rows, re-checks its tabs' sessions, updates watchers' presence (runs on a timer; tests call it). */
  beat(): Promise<void>;
  /** Open sockets on this node. */
  size(): number;
  /**
   * The node is draining (readiness says 503; the load balancer is taking it out): new tabs are
   * told to reconnect and closed at once, so they land on another node. Open tabs stay until
   * `close`, when the load balancer no longer sends anything here: moved then, they reconnect
   * straight to another node instead of bouncing off this one.
   */
  drain(): void;
  /** Closes every tab (they reconnect elsewhere) and marks their rows gone; stops the timers. */
  close(): Promise<void>;
}

interface Tab {
  id: string;
  socket: WebSocket;
  sessionId: string;
  accountId: string;
  workspaceId: string;
  /** Roles whose presence and sessions this tab may see (an administrator's grants). */
  watches: Set<Role>;
  lastHeard: number;
  answered: boolean;
  missed: number;
  /** Resolves once the tab's row exists, so closing it never races its insert. */
  recorded: Promise<unknown>;
  gone: boolean;
}

/** How often each tab is pinged and this node's rows refreshed: a lost tab is noticed within 3 pings, well inside the grace period. */
function pingIntervalOf(graceMs: number): number {
  return Math.max(250, Math.min(15_000, Math.floor(graceMs / 4)));
}

export function createLiveHub({ store, bus, clock, nodeId, graceMs, idleMs, log }: LiveHubOptions): LiveHub {
  const tabs = new Set<Tab>();
  const bySession = new Map<string, Set<Tab>>();
  const watchers = new Map<string, Set<Tab>>();
  /** Last presence each workspace's watchers were told: accountId → role. */
  const told = new Map<string, Map<string, Role>>();
  const pending = new Set<Promise<unknown>>();
  let closing = false;
  let draining = false;

  const track = (p: Promise<unknown>) => {
    const q = p.catch((err: unknown) => log.error({ err }, 'live connection bookkeeping failed'));
    pending.add(q);
    void q.finally(() => pending.delete(q));
  };

  const send = (tab: Tab, msg: object) => {
    if (tab.socket.readyState === tab.socket.OPEN) tab.socket.send(JSON.stringify(msg));
  };

  const addTo = <K>(map: Map<K, Set<Tab>>, key: K, tab: Tab) => {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(tab);
  };
  const removeFrom = <K>(map: Map<K, Set<Tab>>, key: K, tab: Tab) => {
    const set = map.get(key);
    if (!set) return;
    set.delete(tab);
    if (set.size === 0) map.delete(key);
  };

  const forget = (tab: Tab) => {
    tabs.delete(tab);
    removeFrom(bySession, tab.sessionId, tab);
    removeFrom(watchers, tab.workspaceId, tab);
    if (!watchers.has(tab.workspaceId)) told.delete(tab.workspaceId);
  };

  /** The tab is gone: its row keeps the account online until `seenAt` + the grace period. */
  const release = (tab: Tab, seenAt: number) => {
    if (tab.gone) return;
    tab.gone = true;
    forget(tab);
    track(tab.recorded.then(() => store.close(tab.id, seenAt, clock.now())));
    nudge();
  };

  const signOut = (tab: Tab, reason: string) => {
    forget(tab);
    send(tab, { type: 'session.ended', reason, message: END_REASON_TEXT[reason as EndReason] ?? 'Your session has ended.' });
    tab.socket.close(CLOSE_SESSION_ENDED, reason.slice(0, 100));
  };

  // Presence events: each node compares what its administrators' tabs were told with the
  // database (where every node writes), so tabs on other nodes and expiring grace periods show up.
  let refreshing: Promise<void> | undefined;
  let again = false;
  const refreshPresence = (): Promise<void> => {
    if (refreshing) {
      again = true;
      return refreshing;
    }
    refreshing = (async () => {
      do {
        again = false;
        const workspaces = [...watchers.keys()];
        if (workspaces.length === 0) break;
        const rows = await store.online(workspaces, clock.now() - graceMs);
        const now = new Map<string, Map<string, Role>>(workspaces.map((w) => [w, new Map()]));
        for (const r of rows) now.get(r.workspaceId)?.set(r.accountId, r.role);
        for (const [ws, online] of now) {
          const before = told.get(ws);
          told.set(ws, online);
          if (!before) continue; // first look: the tab fetched its lists itself
          const changes: { accountId: string; role: Role; presence: 'online' | 'offline' }[] = [];
          for (const [id, role] of online) if (!before.has(id)) changes.push({ accountId: id, role, presence: 'online' });
          for (const [id, role] of before) if (!online.has(id)) changes.push({ accountId: id, role, presence: 'offline' });
          for (const tab of watchers.get(ws) ?? []) {
            for (const c of changes) if (tab.watches.has(c.role)) send(tab, { type: 'presence', accountId: c.accountId, presence: c.presence });
          }
        }
      } while (again);
    })().finally(() => (refreshing = undefined));
    return refreshing;
  };
  let nudged = false;
  const nudge = () => {
    if (nudged || closing || watchers.size === 0) return;
    nudged = true;
    setImmediate(() => {
      nudged = false;
      track(refreshPresence());
    });
  };

  const sessionsChanged = (sessions: readonly { workspaceId: string; accountId: string; role: Role }[]) => {
    const byWorkspace = new Map<string, { accountId: string; role: Role }[]>();
    for (const s of sessions) {
      if (!watchers.has(s.workspaceId)) continue;
      let list = byWorkspace.get(s.workspaceId);
      if (!list) byWorkspace.set(s.workspaceId, (list = []));
      list.push(s);
    }
    for (const [ws, list] of byWorkspace) {
      for (const tab of watchers.get(ws) ?? []) {
        const ids = [...new Set(list.filter((s) => tab.watches.has(s.role)).map((s) => s.accountId))];
        if (ids.length > 0) send(tab, { type: 'sessions.changed', accountIds: ids });
      }
    }
  };

  const unsubscribe = [
    bus.onEnded((sessions) => {
      for (const s of sessions) for (const tab of [...(bySession.get(s.id) ?? [])]) signOut(tab, s.reason);
      sessionsChanged(sessions);
      nudge();
    }),
    bus.onStarted((sessions) => sessionsChanged(sessions)),
    // Messages for one account's tabs (the ten-minute warning before a shift ends).
    bus.onNotice((notices) => {
      for (const n of notices) for (const tab of tabs) if (tab.accountId === n.accountId && tab.workspaceId === n.workspaceId) send(tab, n.message);
    }),
    // Notifications may have been lost while the listener was down: ask the database.
    bus.onResync(() => track(recheck())),
  ];

  /** Signs out tabs whose session ended without this node hearing of it; follows grant changes. */
  const recheck = async () => {
    const ids = [...bySession.keys()];
    if (ids.length === 0) return;
    for (const state of await store.states(ids)) {
      for (const tab of [...(bySession.get(state.id) ?? [])]) {
        if (state.endedAt !== null) signOut(tab, state.endReason ?? 'signed_out');
        else {
          // Grants edited since the tab connected: events follow the new ones.
          tab.watches = rolesVisibleTo({ role: state.role, isPrimary: state.isPrimary, grants: parseList(state.grants) });
          if (tab.watches.size > 0) addTo(watchers, tab.workspaceId, tab);
          else removeFrom(watchers, tab.workspaceId, tab);
        }
      }
    }
  };

  let lastPrune = 0;
  const beat = async () => {
    const now = clock.now();
    if (tabs.size > 0) {
      await store.beat(nodeId, now);
      await recheck();
    }
    if (watchers.size > 0) await refreshPresence();
    if (Date.now() - lastPrune >= 60_000) {
      lastPrune = Date.now();
      await store.prune(now, graceMs, idleMs);
    }
  };

  const pingMs = pingIntervalOf(graceMs);
  let beating = false;
  const pinger = setInterval(() => {
    for (const tab of tabs) {
      if (tab.answered) tab.missed = 0;
      // Nothing heard for a while (computer asleep, network cut): the tab is gone as of its last sign of life.
      else if (++tab.missed >= 3) {
        tab.socket.terminate();
        continue;
      }
      tab.answered = false;
      tab.socket.ping();
    }
    if (beating) return;
    beating = true;
    track(beat().finally(() => (beating = false)));
  }, pingMs);
  pinger.unref();
  const presenceTimer = setInterval(() => watchers.size > 0 && track(refreshPresence()), Math.min(1000, pingMs));
  presenceTimer.unref();

  /** Sends every tab on to another node: told to reconnect, then closed as going away. */
  const moveAll = () => {
    for (const tab of [...tabs]) {
      // Still there a moment ago; it reconnects (here or to another node) within the grace period.
      release(tab, clock.now());
      send(tab, RECONNECT);
      goAway(tab.socket, 'server restarting');
    }
  };
  /** Closes as going away; a client that does not answer the close (asleep, cut off) is not waited for. */
  const goAway = (socket: WebSocket, reason: string) => {
    socket.close(CLOSE_GOING_AWAY, reason);
    const cut = setTimeout(() => socket.terminate(), CLOSE_HANDSHAKE_MS);
    cut.unref();
    socket.once('close', () => clearTimeout(cut));
  };

  return {
    accept(socket, ctx) {
      const now = clock.now();
      const tab: Tab = {
        id: `lc_${randomBytes(12).toString('base64url')}`,
        socket,
        sessionId: ctx.session.id,
        accountId: ctx.account.id,
        workspaceId: ctx.workspace.id,
        watches: rolesVisibleTo(ctx.account),
        lastHeard: now,
        answered: true,
        missed: 0,
        recorded: Promise.resolve(),
        gone: false,
      };
      if (closing || draining) {
        // A tab the load balancer sent here before it noticed the drain: on to another node.
        socket.send(JSON.stringify(RECONNECT));
        goAway(socket, 'server shutting down');
        return;
      }
      if ((bySession.get(tab.sessionId)?.size ?? 0) >= MAX_TABS_PER_SESSION) {
        socket.close(CLOSE_POLICY, 'too many tabs for this session');
        return;
      }
      // Registered before anything is awaited, so an end published from now on reaches this tab.
      tabs.add(tab);
      addTo(bySession, tab.sessionId, tab);
      if (tab.watches.size > 0) addTo(watchers, tab.workspaceId, tab);

      const heard = () => {
        tab.answered = true;
        tab.lastHeard = clock.now();
      };
      socket.on('pong', heard);
      socket.on('message', (data, isBinary) => {
        heard();
        if (isBinary) return;
        let msg: { type?: unknown };
        try {
          msg = JSON.parse(String(data)) as { type?: unknown };
        } catch {
          return;
        }
        if (msg?.type === 'heartbeat' && socket.bufferedAmount < MAX_BUFFERED_BYTES) send(tab, { type: 'heartbeat.ack' });
      });
      socket.on('close', () => release(tab, tab.lastHeard));

      const start = (async () => {
        await store.open({
          id: tab.id,
          node_id: nodeId,
          workspace_id: tab.workspaceId,
          account_id: tab.accountId,
          session_id: tab.sessionId,
          opened_at: now,
          seen_at: now,
        });
        if (tab.gone) return;
        // The session may have ended between the cookie check and the registration above.
        const [state] = await store.states([tab.sessionId]);
        if (tab.gone) return;
        if (!state || state.endedAt !== null) return signOut(tab, state?.endReason ?? 'signed_out');
        send(tab, { type: 'ready', sessionId: tab.sessionId, accountId: tab.accountId });
        nudge();
      })();
      tab.recorded = start.catch(() => {});
      track(
        start.catch((err: unknown) => {
          socket.close(1011, 'internal error');
          throw err;
        }),
      );
    },

    beat,

    size: () => tabs.size,

    drain() {
      draining = true;
    },

    async close() {
      closing = true;
      clearInterval(pinger);
      clearInterval(presenceTimer);
      for (const off of unsubscribe) off();
      moveAll();
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
