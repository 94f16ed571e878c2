import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { AlertTriangle, ChevronRight, MonitorSmartphone } from 'lucide-react';
import { api, ApiError } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { SecondFactorSettings } from '../components/SecondFactorSettings';
import { WorkingHoursSettings } from '../components/WorkingHoursSettings';
import { ErrorBanner, PageHeader, SkeletonRows } from '../components/ui';
import { durationLabel, plural } from '../format';
import { invalidAllowlistEntries, parseAllowlist } from '../ipList';
import { Link } from '../router';
import { useToast } from '../toast';
import type { SecurityPatch, SecuritySettings } from '../types';
import { useDebounced, useLoad } from '../useLoad';

type Unit = 'minutes' | 'hours' | 'days';
const UNIT_MINUTES: Record<Unit, number> = { minutes: 1, hours: 60, days: 1440 };

function split(minutes: number): { value: number; unit: Unit } {
  // 72 hours reads better as hours (the product speaks of it so); longer spans in days.
  if (minutes % 1440 === 0 && minutes > 72 * 60) return { value: minutes / 1440, unit: 'days' };
  if (minutes % 60 === 0) return { value: minutes / 60, unit: 'hours' };
  return { value: minutes, unit: 'minutes' };
}

/** Settings › Security: timeouts, the session limit, the IP allow list, and every active session. */
export function SecuritySettingsPage() {
  const settings = useLoad<SecuritySettings>(() => api.securitySettings(), []);
  return (
    <div className="page">
      <PageHeader title="Security" description="How long sessions last, where people may sign in from, and who is signed in right now." />
      <ErrorBanner error={settings.error} />
      {settings.data ? (
        <>
          <SettingsForm current={settings.data} onSaved={(s) => settings.set(() => s)} />
          <SecondFactorSettings current={settings.data} onSaved={settings.reload} key={`${settings.data.requireSecondFactor}-${settings.data.secondFactorGraceDays}`} />
        </>
      ) : settings.loading ? (
        <div className="card pad">
          <SkeletonRows rows={4} columns={2} />
        </div>
      ) : null}
      <WorkingHoursSettings />
      <ActiveSessionsLink />
    </div>
  );
}

/** Active sessions is a page of its own (/settings/security/sessions); here, how many and the way there. */
function ActiveSessionsLink() {
  const count = useLoad(() => api.workspaceSessions({ limit: 1 }), []);
  return (
    <section className="section" aria-labelledby="active-title">
      <h2 id="active-title" className="section-title">
        Active sessions <span className="section-sub">every signed-in session in this workspace</span>
      </h2>
      <Link href="/settings/security/sessions" className="card pad link-card" data-testid="active-sessions-link">
        <MonitorSmartphone size={18} aria-hidden />
        <span className="link-card-text">
          <strong>{count.data ? `${plural(count.data.total, 'active session')}` : 'Active sessions'}</strong>
          <span className="muted small">Filter by place, device and sign-in method; see new devices and locations; force close.</span>
        </span>
        <ChevronRight size={16} aria-hidden />
      </Link>
    </section>
  );
}

function DurationField({
  id,
  label,
  help,
  minutes,
  onChange,
  min,
  max,
}: {
  id: string;
  label: string;
  help: string;
  minutes: number;
  onChange(m: number): void;
  min: number;
  max: number;
}) {
  const initial = split(minutes);
  const [value, setValue] = useState(String(initial.value));
  const [unit, setUnit] = useState<Unit>(initial.unit);
  // The form holds minutes; what is typed that is not a positive number gives NaN, which the
  // form never saves and this field explains.
  const edit = (nextValue: string, nextUnit: Unit) => {
    setValue(nextValue);
    setUnit(nextUnit);
    const n = nextValue.trim() === '' ? NaN : Number(nextValue);
    onChange(Number.isFinite(n) && n > 0 ? Math.round(n * UNIT_MINUTES[nextUnit]) : NaN);
  };
  const problem = durationProblem(minutes, min, max);
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="duration">
        <input
          id={id}
          type="number"
          min={1}
          inputMode="numeric"
          value={value}
          onChange={(e) => edit(e.target.value, unit)}
          aria-describedby={problem ? `${id}-error ${id}-help` : `${id}-help`}
          aria-invalid={problem ? true : undefined}
        />
        <select aria-label={`${label} unit`} value={unit} onChange={(e) => edit(value, e.target.value as Unit)}>
          <option value="minutes">minutes</option>
          <option value="hours">hours</option>
          <option value="days">days</option>
        </select>
      </div>
      {problem ? (
        <p id={`${id}-error`} className="field-help field-error" data-testid={`${id}-error`}>
          {problem}
        </p>
      ) : null}
      <p id={`${id}-help`} className="field-help">
        {help}
      </p>
    </div>
  );
}

/** Why a duration cannot be saved, or null. */
function durationProblem(minutes: number, min: number, max: number): string | null {
  if (Number.isNaN(minutes)) return `Enter a number greater than 0. It must be between ${durationLabel(min)} and ${durationLabel(max)}.`;
  if (minutes < min || minutes > max) return `Choose between ${durationLabel(min)} and ${durationLabel(max)}.`;
  return null;
}

function SettingsForm({ current, onSaved }: { current: SecuritySettings; onSaved(s: SecuritySettings): void }) {
  const toast = useToast();
  const [idle, setIdle] = useState(current.agentIdleMinutes);
  const [lifetime, setLifetime] = useState(current.absoluteLifetimeMinutes);
  const [limit, setLimit] = useState(current.sessionLimit === null ? '' : String(current.sessionLimit));
  const [allowText, setAllowText] = useState(current.ipAllowlist.join('\n'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // The dry run's answer, for the allow-list text it was asked about.
  const [previewed, setPreviewed] = useState<{ text: string; wouldEnd: number; own: boolean } | null>(null);
  const [confirmLockout, setConfirmLockout] = useState(false);
  const [allowBlurred, setAllowBlurred] = useState(false);

  const allowlist = useMemo(() => parseAllowlist(allowText), [allowText]);
  const badEntries = useMemo(() => invalidAllowlistEntries(allowText), [allowText]);
  const allowChanged = allowlist.join() !== current.ipAllowlist.join();
  const sessionLimit = limit.trim() === '' ? null : Number(limit);
  const patch: SecurityPatch = {};
  if (idle !== current.agentIdleMinutes) patch.agentIdleMinutes = idle;
  if (lifetime !== current.absoluteLifetimeMinutes) patch.absoluteLifetimeMinutes = lifetime;
  if (sessionLimit !== current.sessionLimit) patch.sessionLimit = sessionLimit;
  if (allowChanged) patch.ipAllowlist = allowlist;
  const dirty = Object.keys(patch).length > 0;
  const limitInvalid = sessionLimit !== null && !(Number.isInteger(sessionLimit) && sessionLimit >= 1 && sessionLimit <= 30);
  // Each field says why next to it; Save waits until every one can be saved.
  const invalid = durationProblem(idle, 5, 43200) !== null || durationProblem(lifetime, 60, 129600) !== null || limitInvalid || badEntries.length > 0;

  // Preview what a new allow list would do before anyone saves it.
  const settledAllow = useDebounced(allowlist.join('\n'), 400);
  useEffect(() => {
    const settled = parseAllowlist(settledAllow);
    // A list with entries that are not addresses has nothing to preview: the field says which.
    if (settled.join() === current.ipAllowlist.join() || invalidAllowlistEntries(settledAllow).length > 0) return;
    let stale = false;
    api.updateSecurity({ ipAllowlist: settled, dryRun: true }).then(
      (r) => !stale && setPreviewed({ text: settledAllow, wouldEnd: r.wouldEnd ?? 0, own: r.wouldEndOwnSession ?? false }),
      () => !stale && setPreviewed(null),
    );
    return () => {
      stale = true;
    };
  }, [settledAllow, current.ipAllowlist]);
  // Shown while the list is changed and, once typing has settled, only for the text on screen.
  const preview = allowChanged && badEntries.length === 0 && previewed && (previewed.text === settledAllow || settledAllow !== allowlist.join('\n')) ? previewed : null;

  const save = async (confirmSelfLockout = false) => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.updateSecurity({ ...patch, ...(confirmSelfLockout ? { confirmSelfLockout: true } : {}) });
      // The change's answer does not repeat the caller's address: keep the one already shown.
      onSaved({ ...result.settings, callerIp: current.callerIp, secondFactorEnforcedFrom: current.secondFactorEnforcedFrom });
      setPreviewed(null);
      toast(result.endedSessions > 0 ? `Security settings saved; ${plural(result.endedSessions, 'session')} ended.` : 'Security settings saved.');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'confirmation_required') setConfirmLockout(true);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  // Bad entries show once typing settles, or at once when the field is left; fixed ones leave at once.
  const shownBadEntries = allowBlurred || settledAllow === allowlist.join('\n') ? badEntries : [];

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (invalid) return;
    if (preview?.own) setConfirmLockout(true);
    else void save();
  };

  return (
    <form className="card pad settings" onSubmit={onSubmit} aria-label="Security settings">
      <ErrorBanner error={error} />
      <div className="settings-grid">
        <div className="settings-block">
          <h2 className="block-title">Sessions</h2>
          <DurationField
            id="agent-idle"
            label="Agent idle timeout"
            help="An agent session with no activity for this long ends. Administrator sessions always end after 72 hours idle."
            minutes={idle}
            onChange={setIdle}
            min={5}
            max={43200}
          />
          <DurationField
            id="lifetime"
            label="Absolute lifetime"
            help="Every session ends this long after sign-in, however active."
            minutes={lifetime}
            onChange={setLifetime}
            min={60}
            max={129600}
          />
          <div className="field">
            <label className="field-label" htmlFor="session-limit">
              Concurrent sessions per account
            </label>
            <input
              id="session-limit"
              type="number"
              min={1}
              max={30}
              placeholder="No limit"
              value={limit}
              onChange={(e) => setLimit(e.target.value)}
              aria-describedby={limitInvalid ? 'session-limit-error session-limit-help' : 'session-limit-help'}
              aria-invalid={limitInvalid || undefined}
              className="short"
            />
            {limitInvalid ? (
              <p id="session-limit-error" className="field-help field-error">
                Enter a whole number from 1 to 30, or leave it empty.
              </p>
            ) : null}
            <p id="session-limit-help" className="field-help">
              Signing in past the limit ends that account's oldest session. Leave empty for no limit.
            </p>
          </div>
        </div>
        <div className="settings-block">
          <h2 className="block-title">Allowed networks</h2>
          <div className="field">
            <label className="field-label" htmlFor="allowlist">
              IP allow list
            </label>
            <textarea
              id="allowlist"
              rows={5}
              spellCheck={false}
              placeholder={'Empty: every network is allowed\n10.0.0.0/8\n203.0.113.0/24'}
              value={allowText}
              onChange={(e) => {
                setAllowText(e.target.value);
                setAllowBlurred(false);
              }}
              onBlur={() => setAllowBlurred(true)}
              aria-describedby={shownBadEntries.length > 0 ? 'allowlist-error allowlist-help' : 'allowlist-help'}
              aria-invalid={shownBadEntries.length > 0 || undefined}
              className="mono"
            />
            {shownBadEntries.length > 0 ? (
              <div id="allowlist-error" className="field-help field-error" data-testid="allowlist-error">
                {shownBadEntries.length === 1 ? 'This is not an IP address or CIDR range:' : 'These are not IP addresses or CIDR ranges:'}
                <ul className="invalid-lines">
                  {shownBadEntries.slice(0, 6).map((b, i) => (
                    <li key={i}>
                      Line {b.line}: <span className="mono">{b.entry}</span>
                    </li>
                  ))}
                  {shownBadEntries.length > 6 ? <li>and {shownBadEntries.length - 6} more</li> : null}
                </ul>
              </div>
            ) : null}
            <p id="allowlist-help" className="field-help">
              One address or CIDR range per line. Outside these networks nobody can sign in, and active sessions from elsewhere end when you save. Your address is{' '}
              <span className="mono">{current.callerIp}</span>.
            </p>
          </div>
          {preview ? (
            <div className={`banner ${preview.own ? 'banner-error' : preview.wouldEnd > 0 ? 'banner-warn' : 'banner-info'}`} role="status" data-testid="allowlist-preview">
              <AlertTriangle size={16} aria-hidden />
              <span>
                {preview.wouldEnd === 0
                  ? 'This change would end no active session.'
                  : `Saving would end ${plural(preview.wouldEnd, 'active session')} outside these networks.`}
                {preview.own ? ' Including yours: you would be signed out and locked out of this console.' : ''}
              </span>
            </div>
          ) : null}
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!dirty || invalid || busy} data-testid="save-security">
          {busy ? 'Saving…' : 'Save changes'}
        </button>
      </div>
      <ConfirmDialog open={confirmLockout} onOpenChange={setConfirmLockout} title="Lock yourself out?" confirmLabel="Save and sign me out" onConfirm={() => save(true)}>
        <p>
          Your address <span className="mono">{current.callerIp}</span> is outside the new allow list. Saving ends your own session
          {preview && preview.wouldEnd > 1 ? ` and ${plural(preview.wouldEnd - 1, 'other session')}` : ''}, and you will not be able to sign in again from this network.
        </p>
      </ConfirmDialog>
    </form>
  );
}
