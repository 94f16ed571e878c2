import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { AlertTriangle, ChevronRight, MonitorSmartphone } from 'lucide-react';
import { Trans, useTranslation } from 'react-i18next';
import { api, ApiError } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { SecondFactorSettings } from '../components/SecondFactorSettings';
import { WorkingHoursSettings } from '../components/WorkingHoursSettings';
import { ErrorBanner, PageHeader, SkeletonRows } from '../components/ui';
import { count, durationLabel } from '../format';
import { i18n } from '../i18n';
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
  const { t } = useTranslation(['settings', 'common']);
  const settings = useLoad<SecuritySettings>(() => api.securitySettings(), []);
  return (
    <div className="page">
      <PageHeader title={t('common:titles.security')} description={t('security.description')} />
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
  const { t } = useTranslation('settings');
  const sessions = useLoad(() => api.workspaceSessions({ limit: 1 }), []);
  return (
    <section className="section" aria-labelledby="active-title">
      <h2 id="active-title" className="section-title">
        {t('security.activeSessions.title')} <span className="section-sub">{t('security.activeSessions.sub')}</span>
      </h2>
      <Link href="/settings/security/sessions" className="card pad link-card" data-testid="active-sessions-link">
        <MonitorSmartphone size={18} aria-hidden />
        <span className="link-card-text">
          <strong>
            {sessions.data ? t('security.activeSessions.count', { count: sessions.data.total, n: count(sessions.data.total) }) : t('security.activeSessions.title')}
          </strong>
          <span className="muted small">{t('security.activeSessions.help')}</span>
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
  const { t } = useTranslation('settings');
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
        <select aria-label={t('security.duration.unitLabel', { label })} value={unit} onChange={(e) => edit(value, e.target.value as Unit)}>
          <option value="minutes">{t('security.duration.unit.minutes')}</option>
          <option value="hours">{t('security.duration.unit.hours')}</option>
          <option value="days">{t('security.duration.unit.days')}</option>
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
  const range = { min: durationLabel(min), max: durationLabel(max) };
  if (Number.isNaN(minutes)) return i18n.t('settings:security.duration.notANumber', range);
  if (minutes < min || minutes > max) return i18n.t('settings:security.duration.outOfRange', range);
  return null;
}

function SettingsForm({ current, onSaved }: { current: SecuritySettings; onSaved(s: SecuritySettings): void }) {
  const { t } = useTranslation('settings');
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
      const ended = result.endedSessions;
      toast(ended > 0 ? t('security.savedEnded', { count: ended, n: count(ended) }) : t('security.saved'));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'confirmation_required') setConfirmLockout(true);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  // Bad entries show once typing settles, or at once when the field is left; fixed ones leave at once.
  const shownBadEntries = allowBlurred || settledAllow === allowlist.join('\n') ? badEntries : [];

  // Besides the caller's own, the sessions a self-locking save would end.
  const others = preview ? Math.max(preview.wouldEnd - 1, 0) : 0;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (invalid) return;
    if (preview?.own) setConfirmLockout(true);
    else void save();
  };

  return (
    <form className="card pad settings" onSubmit={onSubmit} aria-label={t('security.formLabel')}>
      <ErrorBanner error={error} />
      <div className="settings-grid">
        <div className="settings-block">
          <h2 className="block-title">{t('security.sessionsTitle')}</h2>
          <DurationField id="agent-idle" label={t('security.idle.label')} help={t('security.idle.help')} minutes={idle} onChange={setIdle} min={5} max={43200} />
          <DurationField
            id="lifetime"
            label={t('security.lifetime.label')}
            help={t('security.lifetime.help')}
            minutes={lifetime}
            onChange={setLifetime}
            min={60}
            max={129600}
          />
          <div className="field">
            <label className="field-label" htmlFor="session-limit">
              {t('security.limit.label')}
            </label>
            <input
              id="session-limit"
              type="number"
              min={1}
              max={30}
              placeholder={t('security.limit.placeholder')}
              value={limit}
              onChange={(e) => setLimit(e.target.value)}
              aria-describedby={limitInvalid ? 'session-limit-error session-limit-help' : 'session-limit-help'}
              aria-invalid={limitInvalid || undefined}
              className="short"
            />
            {limitInvalid ? (
              <p id="session-limit-error" className="field-help field-error">
                {t('security.limit.error')}
              </p>
            ) : null}
            <p id="session-limit-help" className="field-help">
              {t('security.limit.help')}
            </p>
          </div>
        </div>
        <div className="settings-block">
          <h2 className="block-title">{t('security.allow.title')}</h2>
          <div className="field">
            <label className="field-label" htmlFor="allowlist">
              {t('security.allow.label')}
            </label>
            <textarea
              id="allowlist"
              rows={5}
              spellCheck={false}
              placeholder={t('security.allow.placeholder')}
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
                {t('security.allow.invalid', { count: shownBadEntries.length })}
                <ul className="invalid-lines">
                  {shownBadEntries.slice(0, 6).map((b, i) => (
                    <li key={i}>
                      <Trans t={t} i18nKey="security.allow.invalidLine" values={{ line: count(b.line), entry: b.entry }} components={{ mono: <span className="mono" /> }} />
                    </li>
                  ))}
                  {shownBadEntries.length > 6 ? <li>{t('security.allow.more', { n: count(shownBadEntries.length - 6) })}</li> : null}
                </ul>
              </div>
            ) : null}
            <p id="allowlist-help" className="field-help">
              <Trans t={t} i18nKey="security.allow.help" values={{ ip: current.callerIp }} components={{ mono: <span className="mono" /> }} />
            </p>
          </div>
          {preview ? (
            <div className={`banner ${preview.own ? 'banner-error' : preview.wouldEnd > 0 ? 'banner-warn' : 'banner-info'}`} role="status" data-testid="allowlist-preview">
              <AlertTriangle size={16} aria-hidden />
              <span>
                {preview.wouldEnd === 0 ? t('security.preview.none') : t('security.preview.wouldEnd', { count: preview.wouldEnd, n: count(preview.wouldEnd) })}
                {preview.own ? ` ${t('security.preview.own')}` : ''}
              </span>
            </div>
          ) : null}
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!dirty || invalid || busy} data-testid="save-security">
          {busy ? t('security.saving') : t('security.save')}
        </button>
      </div>
      <ConfirmDialog
        open={confirmLockout}
        onOpenChange={setConfirmLockout}
        title={t('security.lockout.title')}
        confirmLabel={t('security.lockout.confirm')}
        onConfirm={() => save(true)}
      >
        <p>
          {others > 0 ? (
            <Trans
              t={t}
              i18nKey="security.lockout.bodyOthers"
              count={others}
              values={{ ip: current.callerIp, n: count(others) }}
              components={{ mono: <span className="mono" /> }}
            />
          ) : (
            <Trans t={t} i18nKey="security.lockout.body" values={{ ip: current.callerIp }} components={{ mono: <span className="mono" /> }} />
          )}
        </p>
      </ConfirmDialog>
    </form>
  );
}
