// Who is signed in, and what happens when this tab's session ends elsewhere.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, onSessionEnded } from './api';
import { navigate } from './router';
import type { Grant, Me } from './types';

/**
 * How often a tab asks whether its session is still valid. The live connection reports an
 * ended session at once; this is the safety net when WebSockets are blocked. It is slow on
 * purpose: each request counts as activity, and an open tab must not keep a session from
 * its idle timeout.
 */
const CHECK_INTERVAL_MS = 60_000;

/**
 * Why the last session ended, shown on the sign-in page: its reason code (read in the chosen
 * language when shown, so the switcher there changes it too) and the server's words for a
 * reason the console does not know.
 */
export interface SignInNotice {
  reason: string;
  message?: string;
}

/**
 * The notice outlives this provider: a new language remounts the whole console (App.tsx), and
 * choosing one on the sign-in page should re-read the notice, not lose it.
 */
let keptNotice: SignInNotice | null = null;

interface AuthValue {
  me: Me | null;
  loading: boolean;
  notice: SignInNotice | null;
  /** This tab's session ended elsewhere: sign out and say why, or follow a switch. */
  sessionEnded(reason: string, message: string): void;
  refresh(): Promise<Me | null>;
  signOut(): Promise<void>;
  clearNotice(): void;
}

const AuthContext = createContext<AuthValue | null>(null);

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in account; only under pages that require one. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a session');
  return me;
}

/** The primary administrator holds every grant; a sub-administrator those listed. */
export function can(me: Me, grant: Grant): boolean {
  return me.account.role === 'admin' && (me.account.isPrimary || me.account.grants.includes(grant));
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [notice, showNotice] = useState<SignInNotice | null>(() => keptNotice);
  const setNotice = useCallback((next: SignInNotice | null) => {
    keptNotice = next;
    showNotice(next);
  }, []);

  const endedHere = useCallback(
    (reason: string, message?: string) => {
      setMe(null);
      setNotice({ reason, message });
      navigate('/sign-in', { replace: true });
    },
    [setNotice],
  );

  const refresh = useCallback(async () => {
    try {
      const next = await api.me({ quiet401: true });
      setMe(next);
      return next;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setMe((was) => {
          // A tab that was signed in learns its session is gone: say why.
          if (was || err.code === 'session_expired')
            setNotice(err.code === 'session_expired' ? { reason: String(err.details.reason ?? ''), message: err.message } : { reason: '' });
          return null;
        });
        return null;
      }
      throw err;
    } finally {
      setLoading(false);
    }
  }, [setNotice]);

  useEffect(() => {
    void refresh().catch(() => setLoading(false));
  }, [refresh]);

  /**
   * A switch (in this tab or another of this browser) ends the old session, but the browser's
   * cookie already names the new one, or soon will: the answer that sets it may arrive after
   * the news of the end. Adopt the new session; sign out only if none appears.
   */
  const followSwitch = useCallback(
    async (message: string) => {
      for (let attempt = 0; attempt < 5; attempt++) {
        await new Promise((resolve) => window.setTimeout(resolve, 300));
        try {
          setMe(await api.me({ quiet401: true }));
          return;
        } catch (err) {
          if (!(err instanceof ApiError && err.status === 401)) return;
        }
      }
      endedHere('switched', message);
    },
    [endedHere],
  );
  const sessionEnded = useCallback(
    (reason: string, message: string) => (reason === 'switched' ? void followSwitch(message) : endedHere(reason, message)),
    [followSwitch, endedHere],
  );

  // Any call answering 401 session_expired signs this tab out with the server's reason.
  useEffect(() => onSessionEnded(sessionEnded), [sessionEnded]);

  // Until a live connection reports it, notice an ended session by asking now and then.
  const signedIn = me !== null;
  useEffect(() => {
    if (!signedIn) return;
    const check = () => {
      api.me({ quiet401: true }).then(
        (next) => setMe((was) => (was && JSON.stringify(was) === JSON.stringify(next) ? was : next)),
        (err: unknown) => {
          if (err instanceof ApiError && err.status === 401) {
            if (err.code === 'session_expired') sessionEnded(String(err.details.reason ?? ''), err.message);
            else endedHere('');
          }
        },
      );
    };
    const timer = window.setInterval(check, CHECK_INTERVAL_MS);
    const onVisible = () => document.visibilityState === 'visible' && check();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [signedIn, endedHere, sessionEnded]);

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      // Already ended: the result is the same.
    }
    setMe(null);
    setNotice({ reason: 'signed_out' });
    navigate('/sign-in', { replace: true });
  }, [setNotice]);

  const value = useMemo<AuthValue>(
    () => ({ me, loading, notice, refresh, signOut, sessionEnded, clearNotice: () => setNotice(null) }),
    [me, loading, notice, refresh, signOut, sessionEnded, setNotice],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
