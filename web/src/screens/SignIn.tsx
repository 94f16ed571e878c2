import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, Headset, Info, ShieldCheck } from 'lucide-react';
import { api, ApiError } from '../api';
import { useAuth, type SignInNotice } from '../auth';
import { homeOf } from '../components/AccountSwitcher';
import { Field } from '../components/Field';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { SecondFactorStep } from '../components/SecondFactorStep';
import { ErrorBanner } from '../components/ui';
import { count, dateTime, roleLabel } from '../format';
import { currentLanguage, i18n } from '../i18n';
import enAuth from '../locales/en/auth.json';
import { navigate } from '../router';
import type { Role, SecondFactorChallenge } from '../types';
import { useSubmit } from '../useSubmit';

const WORKSPACE_KEY = 'gatehouse.workspace';

interface Choice {
  role: Role;
  name: string;
}

/** Why the last session ended, in the chosen language; the server's words for a reason this console does not know (in English). */
function noticeText({ reason, message }: SignInNotice): string {
  if (Object.hasOwn(enAuth.ended, reason)) return i18n.t(`auth:ended.${reason as keyof typeof enAuth.ended}`);
  return message && currentLanguage() === 'en' ? message : i18n.t('errors.session_expired');
}

/**
 * Outside working hours: the server's English says when the next shift starts in the shift's own
 * words ("tomorrow at 09:00"); another language writes the time itself, in the viewer's zone.
 */
function outsideHours(err: ApiError): string {
  if (currentLanguage() === 'en') return err.message;
  const next = typeof err.details.nextShiftStartsAt === 'string' ? err.details.nextShiftStartsAt : null;
  return next ? i18n.t('auth:signIn.errors.outsideHours', { time: dateTime(next) }) : i18n.t('auth:signIn.errors.outsideHoursNoShift');
}

/** Words for each refusal of POST /api/auth/login. */
function signInError(err: unknown, secondsLeft: number): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : i18n.t('auth:signIn.errors.failed');
  switch (err.code) {
    case 'invalid_credentials':
      return i18n.t('auth:signIn.errors.invalidCredentials');
    case 'too_many_attempts':
      if (secondsLeft <= 0) return i18n.t('auth:signIn.errors.tryAgainNow');
      return secondsLeft >= 60
        ? i18n.t('auth:signIn.errors.throttledMinutes', { n: count(Math.ceil(secondsLeft / 60)) })
        : i18n.t('auth:signIn.errors.throttledSeconds', { n: count(secondsLeft) });
    case 'ip_not_allowed':
      return i18n.t('auth:signIn.errors.ipNotAllowed');
    case 'account_disabled':
      return i18n.t('auth:signIn.errors.accountDisabled');
    case 'outside_working_hours':
      return outsideHours(err);
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
  const { t } = useTranslation('auth');
  const { notice, clearNotice, refresh } = useAuth();
  const [workspace, setWorkspace] = useState(() => localStorage.getItem(WORKSPACE_KEY) ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [choices, setChoices] = useState<Choice[] | null>(null);
  // A login with an authenticator app: the password was right, the code comes next.
  const [challenge, setChallenge] = useState<SecondFactorChallenge | null>(null);
  const { busy, error, setError, run, onSubmit } = useSubmit();
  const [secondsLeft, waitFor] = useCountdown();
  // Submitting disables the button that had focus; these take it afterwards, never <body>.
  const passwordRef = useRef<HTMLInputElement>(null);
  const chooseTitleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (choices) chooseTitleRef.current?.focus();
  }, [choices]);
  // Refused: back to the password to try again, or to the question of which account.
  useEffect(() => {
    if (error) (choices ? chooseTitleRef : passwordRef).current?.focus();
  }, [error, choices]);

  const signedIn = async () => {
    clearNotice();
    const me = await refresh();
    if (me) navigate(homeOf(me), { replace: true });
  };

  const logIn = async (account?: Role) => {
    try {
      const answer = await api.login({ workspace: workspace.trim(), email: email.trim(), password, ...(account ? { account } : {}) });
      localStorage.setItem(WORKSPACE_KEY, workspace.trim());
      if ('next' in answer) {
        setChallenge(answer);
        return;
      }
      await signedIn();
    } catch (err) {
      // Both logins of this email match: not a refusal, a question of which one.
      if (err instanceof ApiError && err.code === 'account_choice_required') {
        setChoices(
          (err.details.accounts as Choice[] | undefined) ?? [
            { role: 'agent', name: roleLabel('agent') },
            { role: 'admin', name: roleLabel('admin') },
          ],
        );
        return;
      }
      if (err instanceof ApiError && err.code === 'too_many_attempts') {
        waitFor(Number(err.details.retryAfterSeconds ?? 60));
      }
      throw err;
    }
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
          <span style={{ marginLeft: 'auto' }}>
            <LanguageSwitcher />
          </span>
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
            <h1 id="choose-title" className="auth-title" tabIndex={-1} ref={chooseTitleRef}>
              {t('signIn.chooseTitle')}
            </h1>
            <p className="auth-sub">{t('signIn.chooseSub', { email })}</p>
            <ErrorBanner error={error ? signInError(error, secondsLeft) : null} />
            <div className="choice-list">
              {choices.map((c) => (
                <button key={c.role} type="button" className="choice" onClick={() => void run(() => logIn(c.role))} disabled={busy} data-testid={`choose-${c.role}`}>
                  <span className="choice-icon" aria-hidden>
                    {c.role === 'admin' ? <ShieldCheck size={20} /> : <Headset size={20} />}
                  </span>
                  <span className="choice-text">
                    <span className="choice-title">{roleLabel(c.role)}</span>
                    <span className="choice-sub">{c.role === 'admin' ? t('signIn.adminChoice') : t('signIn.agentChoice')}</span>
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
              <ArrowLeft size={15} aria-hidden /> {t('back')}
            </button>
          </section>
        ) : (
          <form onSubmit={onSubmit(() => logIn())} aria-labelledby="signin-title" noValidate={false}>
            <h1 id="signin-title" className="auth-title">
              {t('signIn.title')}
            </h1>
            <p className="auth-sub">{t('signIn.sub')}</p>
            {notice ? (
              <div className="banner banner-info" role="status" data-testid="signin-notice">
                <Info size={16} aria-hidden />
                <span>{noticeSaysDisabled ? signInError(error, secondsLeft) : noticeText(notice)}</span>
              </div>
            ) : null}
            {error && !noticeSaysDisabled ? (
              <div className="banner banner-error" role="alert" data-testid="signin-error">
                <span>{signInError(error, secondsLeft)}</span>
              </div>
            ) : null}
            <Field
              label={t('signIn.workspace')}
              name="workspace"
              type="text"
              autoComplete="organization"
              required
              value={workspace}
              onChange={(e) => setWorkspace(e.target.value)}
              placeholder={t('signIn.workspacePlaceholder')}
            />
            <Field
              label={t('signIn.email')}
              name="email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              placeholder={t('signIn.emailPlaceholder')}
            />
            <Field
              label={t('signIn.password')}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              ref={passwordRef}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <button type="submit" className="btn btn-primary btn-block" disabled={busy || secondsLeft > 0}>
              {busy ? t('signIn.submitting') : t('signIn.submit')}
            </button>
          </form>
        )}
      </main>
      <p className="auth-foot">{t('signIn.foot')}</p>
    </div>
  );
}
