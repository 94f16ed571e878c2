import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Briefcase } from 'lucide-react';
import { api } from '../api';
import { can, useAuth, useMe } from '../auth';
import { useLive } from '../liveConnection';
import { roleLabel } from '../format';
import { navigate } from '../router';
import { useToast } from '../toast';
import type { Me } from '../types';
import { Tip } from './Tip';

/**
 * Once the new account's page has replaced the one that showed `before`, its main heading takes
 * focus: the switcher was disabled under it while it worked, which left focus nowhere.
 */
function focusNewHeading(before: Element | null, framesLeft = 60) {
  const heading = document.querySelector<HTMLElement>('main h1');
  if (heading && heading !== before) heading.focus();
  else if (framesLeft > 0) requestAnimationFrame(() => focusNewHeading(before, framesLeft - 1));
}

/** The briefcase: moves a login with an agent and an administrator account to the other one. */
export function AccountSwitcher() {
  const { t } = useTranslation('auth');
  const me = useMe();
  const { refresh } = useAuth();
  const toast = useToast();
  const live = useLive();
  const [busy, setBusy] = useState(false);
  const linked = me.linkedAccount;
  if (!linked) return null;
  const target = linked.role;
  const label = t(`switcher.switchTo.${target}`);
  const go = async () => {
    setBusy(true);
    // This tab knows it is switching: its old session's end is no news.
    live.client?.stop();
    try {
      await api.switchTo(target);
      const next = await refresh();
      if (next) {
        const before = document.querySelector('main h1');
        navigate(homeOf(next), { replace: true });
        toast(t(`switcher.nowIn.${target}`));
        focusNewHeading(before);
      }
    } catch (err) {
      toast(err instanceof Error ? err.message : t('switcher.failed'), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Tip content={linked.disabled ? t('switcher.linkedDisabled') : label} side="bottom">
      <button type="button" className="switcher" onClick={() => void go()} disabled={busy || linked.disabled} aria-label={label} data-testid="account-switcher">
        <Briefcase size={16} aria-hidden />
        <span className="switcher-text">{roleLabel(target)}</span>
      </button>
    </Tip>
  );
}

/** The first page an account lands on. */
export function homeOf(me: Me): string {
  if (me.account.role === 'agent') return '/workspace';
  if (can(me, 'team.agents')) return '/team/agents';
  if (can(me, 'team.admins')) return '/team/admins';
  if (can(me, 'settings.security')) return '/settings/security';
  if (can(me, 'audit')) return '/audit';
  return '/account/sessions';
}
