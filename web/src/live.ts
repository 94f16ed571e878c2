/**
 * The console's live connection (GET /api/live): heartbeats in, events out. Framework-free.
 *
 *   const live = connectLive();
 *   live.onEnded(({ message }) => location.assign(`/sign-in?notice=${encodeURIComponent(message)}`));
 *   live.onPresence(({ accountId, presence }) => …);
 *   live.onSessionsChanged(({ accountIds }) => …refetch…);
 *   live.onReady(() => …refetch lists: events missed while disconnected are not replayed…);
 *
 * It reconnects after a network drop or a server restart with exponential back-off and jitter,
 * and stops for good when the session ends (close code 4001). A node that is shutting down says
 * `reconnect` first: the client then reconnects at once (the load balancer sends it to another
 * node), keeps retrying quickly for a few seconds, and goes on reporting itself connected
 * meanwhile: a planned move is no outage to show the person. A session that ended while the
 * tab was disconnected is found on the next attempt: the handshake is refused, so the client
 * asks GET /api/me, which names the reason.
 */

export interface EndedEvent {
  reason: string;
  message: string;
}
interface PresenceEvent {
  accountId: string;
  presence: 'online' | 'offline';
}
interface SessionsChangedEvent {
  accountIds: string[];
}
/** Ten minutes before the agent's shift ends (once per shift end). */
interface ShiftEndingEvent {
  endsAt: string;
  timeZone: string;
  message: string;
}
interface ReadyEvent {
  sessionId: string;
  accountId: string;
}

/** The part of the browser's WebSocket this module uses (so tests can pass another). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface LiveOptions {
  /** ws(s)://…/api/live; by default derived from the page's location. */
  url?: string;
  /** Where to ask why a refused handshake was refused; by default `/api/me` on the page's origin. */
  meUrl?: string;
  WebSocket?: new (url: string) => SocketLike;
  fetch?: (url: string, init?: { credentials?: 'same-origin' | 'include' }) => Promise<{ status: number; json(): Promise<unknown> }>;
  heartbeatMs?: number;
  /** First reconnect delay; doubles per failed attempt up to `maxBackoffMs`, each with ±50 % jitter. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** After the server's `reconnect`: how long retries stay quick and the tab still counts as connected. */
  moveWindowMs?: number;
  random?: () => number;
}

export interface LiveClient {
  onReady(cb: (event: ReadyEvent) => void): () => void;
  onEnded(cb: (event: EndedEvent) => void): () => void;
  onPresence(cb: (event: PresenceEvent) => void): () => void;
  onSessionsChanged(cb: (event: SessionsChangedEvent) => void): () => void;
  onShiftEnding(cb: (event: ShiftEndingEvent) => void): () => void;
  /** Whether the socket is connected and ready (or moving to another node, as the server asked, for at most a few seconds). */
  readonly connected: boolean;
  /** Closes the connection for good (for example before a deliberate sign-out). */
  stop(): void;
}

const SESSION_ENDED = 4001;
const OPEN = 1;

type Listeners<T> = Set<(event: T) => void>;

interface PageGlobals {
  location?: { protocol: string; host: string };
  WebSocket?: new (url: string) => SocketLike;
  fetch?: LiveOptions['fetch'];
  addEventListener?: (type: string, cb: () => void) => void;
  removeEventListener?: (type: string, cb: () => void) => void;
}

export function connectLive(options: LiveOptions = {}): LiveClient {
  const page = globalThis as unknown as PageGlobals;
  const origin = page.location ? `${page.location.protocol}//${page.location.host}` : '';
  const url = options.url ?? `${origin.replace(/^http/, 'ws')}/api/live`;
  const meUrl = options.meUrl ?? `${origin}/api/me`;
  const Socket = options.WebSocket ?? page.WebSocket;
  const fetchFn = options.fetch ?? page.fetch?.bind(globalThis);
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const baseBackoffMs = options.baseBackoffMs ?? 1000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const moveWindowMs = options.moveWindowMs ?? 5000;
  const random = options.random ?? Math.random;
  if (!Socket) throw new Error('No WebSocket implementation available.');

  const ready: Listeners<ReadyEvent> = new Set();
  const ended: Listeners<EndedEvent> = new Set();
  const presence: Listeners<PresenceEvent> = new Set();
  const changed: Listeners<SessionsChangedEvent> = new Set();
  const shiftEnding: Listeners<ShiftEndingEvent> = new Set();
  const subscribe = <T>(set: Listeners<T>, cb: (event: T) => void) => {
    set.add(cb);
    return () => void set.delete(cb);
  };
  const emit = <T>(set: Listeners<T>, event: T) => {
    for (const cb of set) cb(event);
  };

  let socket: SocketLike | null = null;
  let stopped = false;
  let isReady = false;
  let attempt = 0;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let reconnect: ReturnType<typeof setTimeout> | undefined;
  let lastMessage = 0;
  /** Until when a move the server asked for is under way (0: none). */
  let movingUntil = 0;
  const moving = () => movingUntil > Date.now();

  const finish = (event: EndedEvent) => {
    if (stopped) return;
    stop();
    emit(ended, event);
  };

  const connect = () => {
    if (stopped) return;
    isReady = false;
    const s = new Socket(url);
    socket = s;
    s.onopen = () => {
      lastMessage = Date.now();
      heartbeat = setInterval(() => {
        // No answer to two heartbeats: the network is gone without the socket noticing.
        if (Date.now() - lastMessage > heartbeatMs * 2 + 5000) return s.close(4000, 'heartbeat timeout');
        if (s.readyState === OPEN) s.send(JSON.stringify({ type: 'heartbeat' }));
      }, heartbeatMs);
    };
    s.onmessage = (event) => {
      lastMessage = Date.now();
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(String(event.data)) as Record<string, unknown>;
      } catch {
        return;
      }
      switch (msg.type) {
        case 'ready':
          isReady = true;
          attempt = 0;
          movingUntil = 0;
          emit(ready, { sessionId: String(msg.sessionId), accountId: String(msg.accountId) });
          break;
        case 'session.ended':
          finish({ reason: String(msg.reason), message: String(msg.message) });
          break;
        case 'presence':
          emit(presence, { accountId: String(msg.accountId), presence: msg.presence === 'online' ? 'online' : 'offline' });
          break;
        case 'sessions.changed':
          emit(changed, { accountIds: Array.isArray(msg.accountIds) ? msg.accountIds.map(String) : [] });
          break;
        case 'shift_ending':
          emit(shiftEnding, { endsAt: String(msg.endsAt), timeZone: String(msg.timeZone), message: String(msg.message) });
          break;
        case 'reconnect':
          // This node is going; the close follows. Not a fault: no back-off, no warning.
          movingUntil = Date.now() + moveWindowMs;
          attempt = 0;
          break;
      }
    };
    s.onerror = () => {};
    s.onclose = (event) => {
      clearInterval(heartbeat);
      if (socket === s) socket = null;
      const wasReady = isReady;
      isReady = false;
      if (stopped) return;
      if (event.code === SESSION_ENDED) return finish({ reason: event.reason || 'signed_out', message: 'Your session has ended.' });
      // Moving to another node: this close was announced, so go now; a refusal meanwhile (the
      // load balancer has not yet noticed the node going) is retried quickly.
      // Spread over a quarter second, so a node's thousand tabs do not land in one instant.
      if (moving()) return later(random() * Math.min(baseBackoffMs, 250));
      // Refused before it opened: perhaps the session ended while we were away. Ask why.
      if (!wasReady) void checkSession().then((gone) => gone || schedule());
      else schedule();
    };
  };

  /** Whether the session is over (and the tab was signed out); false when it cannot tell. */
  const checkSession = async (): Promise<boolean> => {
    if (!fetchFn) return false;
    try {
      const res = await fetchFn(meUrl, { credentials: 'same-origin' });
      if (res.status !== 401) return false;
      const body = (await res.json()) as { error?: { reason?: string; message?: string } };
      finish({ reason: body.error?.reason ?? 'signed_out', message: body.error?.message ?? 'Your session has ended.' });
      return true;
    } catch {
      return false;
    }
  };

  /** Reconnects in `ms`. */
  const later = (ms: number) => {
    if (stopped || reconnect) return;
    reconnect = setTimeout(() => {
      reconnect = undefined;
      connect();
    }, ms);
  };
  /** Reconnects after a back-off: doubling per attempt up to the ceiling, with jitter. */
  const schedule = () => {
    if (stopped || reconnect) return;
    const ceiling = Math.min(maxBackoffMs, baseBackoffMs * 2 ** attempt++);
    later(ceiling * (0.5 + random() / 2));
  };

  // Back online (or the laptop woke up): try now instead of waiting out the back-off.
  const onOnline = () => {
    if (stopped || socket) return;
    clearTimeout(reconnect);
    reconnect = undefined;
    attempt = 0;
    connect();
  };
  page.addEventListener?.('online', onOnline);

  function stop() {
    stopped = true;
    // Not connected from now on, not only once the socket's close arrives (after an end, the
    // tab is told at once and must not count itself online meanwhile).
    isReady = false;
    movingUntil = 0;
    clearInterval(heartbeat);
    clearTimeout(reconnect);
    page.removeEventListener?.('online', onOnline);
    const s = socket;
    socket = null;
    if (s && s.readyState <= OPEN) s.close(1000, 'stopped');
  }

  connect();
  return {
    onReady: (cb) => subscribe(ready, cb),
    onEnded: (cb) => subscribe(ended, cb),
    onPresence: (cb) => subscribe(presence, cb),
    onSessionsChanged: (cb) => subscribe(changed, cb),
    onShiftEnding: (cb) => subscribe(shiftEnding, cb),
    get connected() {
      return isReady || moving();
    },
    stop,
  };
}
