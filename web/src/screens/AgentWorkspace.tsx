import { Inbox, MessageSquare, Wifi, WifiOff } from 'lucide-react';
import { useMe } from '../auth';
import { useLive } from '../liveConnection';
import { PageHeader } from '../components/ui';
import { ShiftBanner } from '../components/ShiftBanner';

const SAMPLE = [
  { id: 1, from: 'Jordan Blake', subject: 'Refund for order #48213', when: '2 min' },
  { id: 2, from: 'Ama Mensah', subject: 'Cannot reset my password', when: '14 min' },
  { id: 3, from: 'Lucía Ortega', subject: 'Invoice address change', when: '1 h' },
];

/** A stand-in for the help desk's inbox: what matters here is the agent's presence. */
export function AgentWorkspace() {
  const me = useMe();
  const { client, connected: online } = useLive();
  const presence = online ? 'online' : client ? 'connecting' : 'offline';
  return (
    <div className="page">
      <PageHeader title={`Hello, ${me.account.name.split(' ')[0]}`} description="Your inbox. New conversations are routed to agents who are online." />
      <ShiftBanner />
      <div className={`presence-card ${online ? 'is-online' : 'is-offline'}`} data-testid="my-presence" data-presence={presence}>
        <span className="presence-card-icon" aria-hidden>
          {online ? <Wifi size={20} /> : <WifiOff size={20} />}
        </span>
        <div>
          <div className="presence-card-title" role="status">
            {online ? 'You are online' : presence === 'connecting' ? 'Connecting…' : 'You are offline'}
          </div>
          <div className="presence-card-text">
            {online
              ? 'This tab is connected, so new conversations can be routed to you. Closing every tab takes you offline; your session stays valid.'
              : 'No live connection from this tab right now. You will not receive new conversations until it reconnects.'}
          </div>
        </div>
      </div>
      <section className="section" aria-labelledby="inbox-title">
        <h2 id="inbox-title" className="section-title">
          <Inbox size={16} aria-hidden /> Assigned to you
        </h2>
        <ul className="card inbox">
          {SAMPLE.map((c) => (
            <li key={c.id} className="inbox-item">
              <MessageSquare size={16} aria-hidden className="muted" />
              <span className="inbox-from">{c.from}</span>
              <span className="inbox-subject">{c.subject}</span>
              <span className="inbox-when muted">{c.when}</span>
            </li>
          ))}
        </ul>
        <p className="muted small">Sample conversations: Gatehouse controls sessions; the help desk itself lives elsewhere.</p>
      </section>
    </div>
  );
}
