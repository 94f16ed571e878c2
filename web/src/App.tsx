import * as Tooltip from '@radix-ui/react-tooltip';
import { Fragment, useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthProvider, can, useAuth } from './auth';
import { LiveConnection } from './liveConnection';
import { homeOf } from './components/AccountSwitcher';
import { Layout } from './components/Layout';
import { ReauthDialog } from './components/ReauthDialog';
import { EmptyState } from './components/ui';
import { navigate, useLocation } from './router';
import { ActiveSessionsPage } from './screens/ActiveSessions';
import { AgentWorkspace } from './screens/AgentWorkspace';
import { AuditLog } from './screens/AuditLog';
import { AuthorizedApps } from './screens/AuthorizedApps';
import { IntegrationsPage } from './screens/Integrations';
import { EnrolRequired } from './screens/EnrolRequired';
import { MySessions } from './screens/MySessions';
import { ProfilePage } from './screens/Profile';
import { SecuritySettingsPage } from './screens/SecuritySettings';
import { SessionDetailPage } from './screens/SessionDetail';
import { SignIn } from './screens/SignIn';
import { TeamPage } from './screens/Team';
import { TwoFactorPage } from './screens/TwoFactor';
import { ToastProvider } from './toast';
import type { Grant, Me } from './types';

export function App() {
  // A new language re-renders every screen from the top (labels computed outside React too).
  const { i18n } = useTranslation();
  return (
    <Fragment key={i18n.resolvedLanguage}>
      <Tooltip.Provider delayDuration={250} skipDelayDuration={100}>
        <ToastProvider>
          <AuthProvider>
            <Pages />
          </AuthProvider>
          <ReauthDialog />
        </ToastProvider>
      </Tooltip.Provider>
    </Fragment>
  );
}

const TITLES = {
  '/sign-in': 'signIn',
  '/workspace': 'workspace',
  '/team/agents': 'agents',
  '/team/admins': 'admins',
  '/settings/security': 'security',
  '/settings/security/sessions': 'activeSessions',
  '/settings/integrations': 'integrations',
  '/audit': 'audit',
  '/account/sessions': 'mySessions',
  '/account/authorized-apps': 'authorizedApps',
  '/account/two-factor': 'twoFactor',
} as const;

function Pages() {
  const { me, loading, sessionEnded } = useAuth();
  const { path } = useLocation();
  const { t } = useTranslation();

  useEffect(() => {
    const key = TITLES[path as keyof typeof TITLES] ?? (path.startsWith('/sessions/') ? 'session' : undefined);
    document.title = `${key ? t(`titles.${key}`) : 'Gatehouse'} · Gatehouse`;
  }, [path, t]);

  // Signed out: every path leads to sign-in; signed in: sign-in and / lead home.
  useEffect(() => {
    if (loading) return;
    if (!me && path !== '/sign-in') navigate('/sign-in', { replace: true });
    if (me && (path === '/sign-in' || path === '/')) navigate(homeOf(me), { replace: true });
  }, [me, loading, path]);

  if (loading) return <div className="boot" aria-busy="true" aria-label={t('loading.gatehouse')} />;
  if (!me) return path === '/sign-in' ? <SignIn /> : null;
  // Limited to enrolment: nothing else would answer (403 second_factor_required), so nothing else is shown.
  if (me.session.restriction === 'second_factor_enrolment') return <EnrolRequired />;
  return (
    <LiveConnection sessionId={me.session.id} onEnded={(event) => sessionEnded(event.reason, event.message)}>
      <Layout>{route(me, path)}</Layout>
    </LiveConnection>
  );
}

function guarded(me: Me, grant: Grant, page: ReactNode): ReactNode {
  return can(me, grant) ? page : <NoAccess />;
}

function route(me: Me, path: string): ReactNode {
  const profile = /^\/team\/accounts\/([^/]+)$/.exec(path);
  if (profile?.[1]) return <ProfilePage id={decodeURIComponent(profile[1])} key={profile[1]} />;
  // Anyone signed in: the server answers for the sessions this account may see (its own, or by grants).
  const session = /^\/sessions\/([^/]+)$/.exec(path);
  if (session?.[1]) return <SessionDetailPage id={decodeURIComponent(session[1])} key={session[1]} />;
  switch (path) {
    case '/workspace':
      return me.account.role === 'agent' ? <AgentWorkspace /> : <NoAccess />;
    case '/team/agents':
      return guarded(me, 'team.agents', <TeamPage role="agent" key="agent" />);
    case '/team/admins':
      return guarded(me, 'team.admins', <TeamPage role="admin" key="admin" />);
    case '/settings/security':
      return guarded(me, 'settings.security', <SecuritySettingsPage />);
    case '/settings/security/sessions':
      return guarded(me, 'settings.security', <ActiveSessionsPage />);
    case '/settings/integrations':
      return guarded(me, 'integrations', <IntegrationsPage />);
    case '/audit':
      return guarded(me, 'audit', <AuditLog />);
    case '/account/sessions':
      return <MySessions />;
    case '/account/authorized-apps':
      return <AuthorizedApps />;
    case '/account/two-factor':
      return <TwoFactorPage />;
    case '/':
    case '/sign-in':
      return null;
    default:
      return <NotFound />;
  }
}

function NotFound() {
  const { t } = useTranslation();
  return <EmptyState title={t('pages.notFound')}>{t('pages.notFoundText')}</EmptyState>;
}

function NoAccess() {
  const { t } = useTranslation();
  return <EmptyState title={t('pages.noAccess')}>{t('pages.noAccessText')}</EmptyState>;
}
