import { useTranslation } from 'react-i18next';
import { authMethodLabel, count, countryFlag, deviceTypeLabel, flagLabel } from '../format';
import { countryName } from './SessionBadges';
import type { ActiveSessionFacets, WorkspaceSessionFilters } from '../types';

interface Props {
  facets: ActiveSessionFacets | undefined;
  value: WorkspaceSessionFilters;
  onChange(next: WorkspaceSessionFilters): void;
}

interface Choice {
  value: string;
  label: string;
}

function Select({
  label,
  name,
  choices,
  value,
  onChange,
  disabled,
}: {
  label: string;
  name: string;
  choices: Choice[];
  value: string | undefined;
  onChange(v: string | undefined): void;
  disabled?: boolean;
}) {
  const { t } = useTranslation('sessions');
  const id = `session-filter-${name}`;
  return (
    <div className="field inline">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} name={name} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)} disabled={disabled}>
        <option value="">{t('filters.any')}</option>
        {/* A value chosen before the facets load (or that no session has any more) stays choosable. */}
        {value && !choices.some((c) => c.value === value) ? <option value={value}>{value}</option> : null}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** "Firefox (12)": a choice with how many sessions it finds. */
const counted = (label: string, n: number) => `${label} (${count(n)})`;

/** Where from, on what, how authenticated, what was new: every choice is the server's (its facets), with how many it finds. */
export function SessionFilters({ facets, value, onChange }: Props) {
  const { t } = useTranslation('sessions');
  const set = (patch: Partial<WorkspaceSessionFilters>) => {
    const next: Record<string, string | undefined> = { ...value, ...patch };
    for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key];
    onChange(next as WorkspaceSessionFilters);
  };
  const country = facets?.countries.find((c) => c.code === value.country);
  const active = Object.values(value).some((v) => v !== undefined);
  return (
    <div className="toolbar filters session-filters" role="group" aria-label={t('filters.group')}>
      <Select
        label={t('filters.country')}
        name="country"
        value={value.country}
        onChange={(country) => set({ country, city: undefined })}
        choices={(facets?.countries ?? []).map((c) => ({ value: c.code, label: `${countryFlag(c.code)} ${counted(countryName(c.code, c.name), c.count)}` }))}
      />
      <Select
        label={t('filters.city')}
        name="city"
        value={value.city}
        onChange={(city) => set({ city })}
        disabled={!country && !value.city}
        choices={(country?.cities ?? []).map((c) => ({ value: c.value, label: counted(c.value, c.count) }))}
      />
      <Select
        label={t('filters.device')}
        name="deviceType"
        value={value.deviceType}
        onChange={(deviceType) => set({ deviceType: deviceType as WorkspaceSessionFilters['deviceType'] })}
        choices={(facets?.deviceTypes ?? []).map((d) => ({ value: d.value, label: counted(deviceTypeLabel(d.value), d.count) }))}
      />
      <Select
        label={t('filters.browser')}
        name="browser"
        value={value.browser}
        onChange={(browser) => set({ browser })}
        choices={(facets?.browsers ?? []).map((d) => ({ value: d.value, label: counted(d.value, d.count) }))}
      />
      <Select
        label={t('filters.system')}
        name="os"
        value={value.os}
        onChange={(os) => set({ os })}
        choices={(facets?.oses ?? []).map((d) => ({ value: d.value, label: counted(d.value, d.count) }))}
      />
      <Select
        label={t('filters.signedInWith')}
        name="authMethod"
        value={value.authMethod}
        onChange={(authMethod) => set({ authMethod: authMethod as WorkspaceSessionFilters['authMethod'] })}
        choices={(facets?.authMethods ?? []).map((m) => ({ value: m.value, label: counted(authMethodLabel(m.value), m.count) }))}
      />
      <Select
        label={t('filters.flag')}
        name="flag"
        value={value.flag}
        onChange={(flag) => set({ flag: flag as WorkspaceSessionFilters['flag'] })}
        choices={(facets?.flags ?? []).map((f) => ({ value: f.value, label: counted(flagLabel(f.value).label, f.count) }))}
      />
      {active ? (
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => onChange({})}>
          {t('filters.clear')}
        </button>
      ) : null}
    </div>
  );
}
