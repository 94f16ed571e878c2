import { Inbox, MessageSquare, Wifi, WifiOff } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth';
import { useLive } from '../liveConnection';
import { PageHeader } from '../components/ui';
import { ShiftBanner } from '../components/ShiftBanner';

// Names are names; "min" and "h" read the same in English and Spanish.
const SAMPLE = [
  { id: 1, from: 'Jordan Blake', subject: 'refund', when: '2 min' },
  { id: 2, from: 'Ama Mensah', subject: 'password', when: '14 min' },
  { id: 3, from: 'Lucía Ortega', subject: 'invoice', when: '1 h' },
] as const;

/** A stand-in for the help desk's inbox: what matters here is the agent's presence. */
export function AgentWorkspace() {
  const { t } = useTranslation('auth');
  const me = useMe();
  const { client, connected: online } = useLive();
  const presence = online ? 'online' : client ? 'connecting' : 'offline';
  return (
    <div className="page">
      <PageHeader title={t('workspace.hello', { name: me.account.name.split(' ')[0] })} description={t('workspace.description')} />
      <ShiftBanner />
      <div className={`presence-card ${online ? 'is-online' : 'is-offline'}`} data-testid="my-presence" data-presence={presence}>
        <span className="presence-card-icon" aria-hidden>
          {online ? <Wifi size={20} /> : <WifiOff size={20} />}
        </span>
        <div>
          <div className="presence-card-title" role="status">
            {online ? t('workspace.online') : presence === 'connecting' ? t('workspace.connecting') : t('workspace.offline')}
          </div>
          <div className="presence-card-text">{online ? t('workspace.onlineText') : t('workspace.offlineText')}</div>
        </div>
      </div>
      <section className="section" aria-labelledby="inbox-title">
        <h2 id="inbox-title" className="section-title">
          <Inbox size={16} aria-hidden /> {t('workspace.assigned')}
        </h2>
        <ul className="card inbox">
          {SAMPLE.map((c) => (
            <li key={c.id} className="inbox-item">
              <MessageSquare size={16} aria-hidden className="muted" />
              <span className="inbox-from">{c.from}</span>
              <span className="inbox-subject">{t(`workspace.sample.${c.subject}`)}</span>
              <span className="inbox-when muted">{c.when}</span>
            </li>
          ))}
        </ul>
        <p className="muted small">{t('workspace.sampleNote')}</p>
      </section>
    </div>
  );
}
