import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ArrowLeft, Headset, Info, ShieldCheck } from 'lucide-react';
import { api, ApiError } from '../api';
import { useAuth } from '../auth';
import { homeOf } from '../components/AccountSwitcher';
import { SecondFactorStep } from '../components/SecondFactorStep';
import { ErrorBanner } from '../components/ui';
import { navigate } from '../router';
import type { Role, SecondFactorChallenge } from '../types';

const WORKSPACE_KEY = 'gatehouse.workspace';

interface Choice {
  role: Role;
  name: string;
}

/** Words for each refusal of POST /api/auth/login. */
function signInError(err: unknown, secondsLeft: number): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : 'Sign-in failed.';
  switch (err.code) {
    case 'invalid_credentials':
      return 'The workspace, email or password is not right. Check them and try again.';
    case 'too_many_attempts':
      return secondsLeft > 0
        ? `Too many sign-in attempts. Try again in ${secondsLeft >= 60 ? `${Math.ceil(secondsLeft / 60)} min` : `${secondsLeft} s`}.`
        : 'You can try again now.';
    case 'ip_not_allowed':
      return 'You are outside the networks this workspace allows. Connect from the office network or VPN, or ask an administrator.';
    case 'account_disabled':
      return 'This account is disabled. Ask an administrator of your workspace.';
    default:
      return err.message;
  }
}

/** A refusal the "signed out" notice already explains (the account was disabled): one message, not two. */
function isAccountDisabled(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'account_disabled';
}

/** Seconds left of a wait the server imposed (sign-in throttled), counted down once a second. */
function useCountdown(): [secondsLeft: number, waitFor: (seconds: number) => void] {
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until <= Date.now()) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [until]);
  const waitFor = useCallback((seconds: number) => {
    const at = Date.now();
    setNow(at);
    setUntil(at + seconds * 1000);
  }, []);
  return [Math.max(0, Math.ceil((until - now) / 1000)), waitFor];
}

export function SignIn() {
  const { notice, clearNotice, refresh } = useAuth();
  const [workspace, setWorkspace] = useState(() => localStorage.getItem(WORKSPACE_KEY) ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [choices, setChoices] = useState<Choice[] | null>(null);
  // A login with an authenticator app: the password was right, the code comes next.
  const [challenge, setChallenge] = useState<SecondFactorChallenge | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [secondsLeft, waitFor] = useCountdown();

  const signedIn = async () => {
    clearNotice();
    const me = await refresh();
    if (me) navigate(homeOf(me), { replace: true });
  };

  const submit = async (account?: Role) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api.login({ workspace: workspace.trim(), email: email.trim(), password, ...(account ? { account } : {}) });
      localStorage.setItem(WORKSPACE_KEY, workspace.trim());
      if ('next' in answer) {
        setChallenge(answer);
        return;
      }
      await signedIn();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'account_choice_required') {
        setChoices(
          (err.details.accounts as Choice[] | undefined) ?? [
            { role: 'agent', name: 'Agent' },
            { role: 'admin', name: 'Administrator' },
          ],
        );
      } else {
        if (err instanceof ApiError && err.code === 'too_many_attempts') {
          waitFor(Number(err.details.retryAfterSeconds ?? 60));
        }
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };
  // Signed out because the account was disabled, then refused for it: the notice says it once, in
  // the refusal's words, instead of a red error beside it.
  const noticeSaysDisabled = notice !== null && isAccountDisabled(error);

  return (
    <div className="auth-page">
      <main className="auth-card" id="main">
        <div className="auth-brand">
          <span className="brand-mark" aria-hidden>
            <svg viewBox="0 0 32 32" width="32" height="32">
              <rect width="32" height="32" rx="7" fill="currentColor" />
              <path d="M9 25V13l7-5 7 5v12h-4.5v-7h-5v7z" fill="#fff" />
            </svg>
          </span>
          <span className="auth-brand-name">Gatehouse</span>
        </div>
        {challenge ? (
          <SecondFactorStep
            step={challenge}
            onSignedIn={signedIn}
            onBack={() => {
              setChallenge(null);
              setChoices(null);
              setPassword('');
            }}
          />
        ) : choices ? (
          <section aria-labelledby="choose-title">
            <h1 id="choose-title" className="auth-title">
              Choose an account
            </h1>
            <p className="auth-sub">{email} has two accounts in this workspace. Which one do you want to use?</p>
            <ErrorBanner error={error ? signInError(error, secondsLeft) : null} />
            <div className="choice-list">
              {choices.map((c) => (
                <button key={c.role} type="button" className="choice" onClick={() => void submit(c.role)} disabled={busy} data-testid={`choose-${c.role}`}>
                  <span className="choice-icon" aria-hidden>
                    {c.role === 'admin' ? <ShieldCheck size={20} /> : <Headset size={20} />}
                  </span>
                  <span className="choice-text">
                    <span className="choice-title">{c.role === 'admin' ? 'Administrator' : 'Agent'}</span>
                    <span className="choice-sub">{c.role === 'admin' ? 'Manage the team, sessions and security' : 'Work in the agent workspace'}</span>
                  </span>
                </button>
              ))}
            </div>
            <button
              type="button"
              className="btn btn-ghost auth-back"
              onClick={() => {
                setChoices(null);
                setError(null);
              }}
            >
              <ArrowLeft size={15} aria-hidden /> Back
            </button>
          </section>
        ) : (
          <form onSubmit={onSubmit} aria-labelledby="signin-title" noValidate={false}>
            <h1 id="signin-title" className="auth-title">
              Sign in
            </h1>
            <p className="auth-sub">Use the workspace name your administrator gave you.</p>
            {notice ? (
              <div className="banner banner-info" role="status" data-testid="signin-notice">
                <Info size={16} aria-hidden />
                <span>{noticeSaysDisabled ? signInError(error, secondsLeft) : notice}</span>
              </div>
            ) : null}
            {error && !noticeSaysDisabled ? (
              <div className="banner banner-error" role="alert" data-testid="signin-error">
                <span>{signInError(error, secondsLeft)}</span>
              </div>
            ) : null}
            <label className="field">
              <span className="field-label">Workspace</span>
              <input name="workspace" type="text" autoComplete="organization" required value={workspace} onChange={(e) => setWorkspace(e.target.value)} placeholder="acme" />
            </label>
            <label className="field">
              <span className="field-label">Email</span>
              <input name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} placeholder="you@company.com" />
            </label>
            <label className="field">
              <span className="field-label">Password</span>
              <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
            </label>
            <button type="submit" className="btn btn-primary btn-block" disabled={busy || secondsLeft > 0}>
              {busy ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
        )}
      </main>
      <p className="auth-foot">Sessions are recorded with device, IP address and approximate location.</p>
    </div>
  );
}
