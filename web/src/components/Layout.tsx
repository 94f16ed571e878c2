import * as Dropdown from '@radix-ui/react-dropdown-menu';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { AppWindow, ChevronDown, Headset, History, LogOut, Menu, Plug, ScrollText, ShieldCheck, Smartphone, UserCog, Users, X } from 'lucide-react';
import { can, useAuth, useMe } from '../auth';
import { Link, navigate, useLocation } from '../router';
import type { Me } from '../types';
import { AccountSwitcher } from './AccountSwitcher';
import { LanguageSwitcher } from './LanguageSwitcher';
import { Avatar } from './ui';

interface NavItem {
  href: string;
  label: string;
  icon: ReactNode;
  section?: string;
}

/** Only the pages this account may open; the server refuses the rest anyway. */
function navItems(me: Me, t: TFunction): NavItem[] {
  const items: NavItem[] = [];
  const team = t('nav.team');
  const settings = t('nav.settings');
  const mine = t('nav.myAccount');
  if (me.account.role === 'agent') items.push({ href: '/workspace', label: t('nav.workspace'), icon: <Headset size={16} aria-hidden /> });
  if (can(me, 'team.agents')) items.push({ href: '/team/agents', label: t('nav.agents'), section: team, icon: <Users size={16} aria-hidden /> });
  if (can(me, 'team.admins')) items.push({ href: '/team/admins', label: t('nav.admins'), section: team, icon: <UserCog size={16} aria-hidden /> });
  if (can(me, 'settings.security')) items.push({ href: '/settings/security', label: t('nav.security'), section: settings, icon: <ShieldCheck size={16} aria-hidden /> });
  if (can(me, 'integrations')) items.push({ href: '/settings/integrations', label: t('nav.integrations'), section: settings, icon: <Plug size={16} aria-hidden /> });
  if (can(me, 'audit')) items.push({ href: '/audit', label: t('nav.audit'), icon: <ScrollText size={16} aria-hidden /> });
  items.push({ href: '/account/sessions', label: t('nav.sessions'), section: mine, icon: <History size={16} aria-hidden /> });
  items.push({ href: '/account/authorized-apps', label: t('nav.authorizedApps'), section: mine, icon: <AppWindow size={16} aria-hidden /> });
  items.push({ href: '/account/two-factor', label: t('nav.twoFactor'), section: mine, icon: <Smartphone size={16} aria-hidden /> });
  return items;
}

export function Layout({ children }: { children: ReactNode }) {
  const me = useMe();
  const { path } = useLocation();
  const [navOpen, setNavOpen] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const navRef = useRef<HTMLElement>(null);
  const { t } = useTranslation();
  const items = navItems(me, t);

  // The phone drawer closes as the account menu does: Escape, or a click outside it. Focus goes
  // back to ☰, never left on the hidden drawer or the page; a click on another control keeps it.
  useEffect(() => {
    if (!navOpen) return;
    const close = () => {
      setNavOpen(false);
      const active = document.activeElement;
      // <main> takes focus on a click anywhere in it only because it is the skip link's target.
      const nowhere = !active || active === document.body || active.id === 'main';
      if (nowhere || navRef.current?.contains(active)) toggleRef.current?.focus();
    };
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    const onClick = (e: MouseEvent) => {
      // The path as dispatched: the click that opened the drawer may have swapped ☰'s icon out of the DOM.
      const path = e.composedPath();
      if (!path.some((node) => node === navRef.current || node === toggleRef.current)) close();
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('click', onClick);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('click', onClick);
    };
  }, [navOpen]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <button
          ref={toggleRef}
          type="button"
          className="icon-btn nav-toggle"
          aria-label={navOpen ? t('nav.close') : t('nav.open')}
          aria-expanded={navOpen}
          onClick={() => setNavOpen(!navOpen)}
        >
          {navOpen ? <X size={18} aria-hidden /> : <Menu size={18} aria-hidden />}
        </button>
        <div className="brand">
          <span className="brand-mark" aria-hidden>
            <svg viewBox="0 0 32 32" width="22" height="22">
              <rect width="32" height="32" rx="7" fill="currentColor" />
              <path d="M9 25V13l7-5 7 5v12h-4.5v-7h-5v7z" fill="#fff" />
            </svg>
          </span>
          <span className="brand-name">Gatehouse</span>
          <span className="brand-sep" aria-hidden>
            /
          </span>
          <span className="workspace-name" data-testid="workspace-name">
            {me.workspace.name}
          </span>
        </div>
        <div className="topbar-right">
          <LanguageSwitcher className="topbar-language" />
          <AccountSwitcher />
          <AccountMenu />
        </div>
      </header>
      <div className="body">
        <nav ref={navRef} className={`sidenav${navOpen ? ' open' : ''}`} aria-label={t('nav.main')}>
          <ul>
            {items.map((item, i) => {
              // A section's name heads its first item.
              const heading = item.section && item.section !== items[i - 1]?.section ? item.section : undefined;
              const active = path === item.href || path.startsWith(`${item.href}/`);
              return (
                <li key={item.href}>
                  {heading ? <div className="nav-section">{heading}</div> : null}
                  <Link href={item.href} className={`nav-link${active ? ' active' : ''}`} aria-current={active ? 'page' : undefined} onClick={() => setNavOpen(false)}>
                    {item.icon}
                    <span>{item.label}</span>
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <main id="main" className="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}

function AccountMenu() {
  const me = useMe();
  const { signOut } = useAuth();
  const { t } = useTranslation();
  // Not modal: a modal menu hides the page from screen readers while its skip link and
  // navigation stay focusable (axe: aria-hidden-focus). Escape and a click outside still close it.
  return (
    <Dropdown.Root modal={false}>
      <Dropdown.Trigger asChild>
        <button type="button" className="account-btn" data-testid="account-menu">
          <span className="sr-only">{t('menu.label')}</span>
          <Avatar name={me.account.name} size={28} />
          <span className="account-text">
            <span className="account-name">{me.account.name}</span>
            <span className="account-role">{me.account.role === 'admin' ? (me.account.isPrimary ? t('role.primaryAdmin') : t('role.admin')) : t('role.agent')}</span>
          </span>
          <ChevronDown size={14} aria-hidden />
        </button>
      </Dropdown.Trigger>
      <Dropdown.Portal>
        <Dropdown.Content className="menu" align="end" sideOffset={6}>
          <div className="menu-header">
            <div className="menu-name">{me.account.name}</div>
            <div className="menu-email">{me.account.email}</div>
          </div>
          <Dropdown.Separator className="menu-sep" />
          <Dropdown.Item className="menu-item" onSelect={() => navigate('/account/sessions')}>
            <History size={15} aria-hidden /> {t('menu.mySessions')}
          </Dropdown.Item>
          <Dropdown.Item className="menu-item" onSelect={() => navigate('/account/authorized-apps')}>
            <AppWindow size={15} aria-hidden /> {t('menu.authorizedApps')}
          </Dropdown.Item>
          <Dropdown.Item className="menu-item" onSelect={() => void signOut()}>
            <LogOut size={15} aria-hidden /> {t('menu.signOut')}
          </Dropdown.Item>
        </Dropdown.Content>
      </Dropdown.Portal>
    </Dropdown.Root>
  );
}
