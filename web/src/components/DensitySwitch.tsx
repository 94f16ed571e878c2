import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export type Density = 'comfortable' | 'compact';

const KEY = 'gatehouse.teamDensity';
const DENSITIES: readonly Density[] = ['comfortable', 'compact'];

function stored(): Density {
  try {
    return window.localStorage.getItem(KEY) === 'compact' ? 'compact' : 'comfortable';
  } catch {
    return 'comfortable';
  }
}

/** The team lists' row density, remembered in this browser. */
export function useDensity(): [Density, (density: Density) => void] {
  const [density, setDensity] = useState<Density>(stored);
  const set = (next: Density) => {
    setDensity(next);
    try {
      window.localStorage.setItem(KEY, next);
    } catch {
      // Private mode or storage full: the choice lasts for this page only.
    }
  };
  return [density, set];
}

/** Comfortable or compact rows. */
export function DensitySwitch({ density, onChange }: { density: Density; onChange(density: Density): void }) {
  const { t } = useTranslation('team');
  return (
    <div className="segmented" role="radiogroup" aria-label={t('density.label')}>
      {DENSITIES.map((d) => (
        <button
          key={d}
          type="button"
          role="radio"
          aria-checked={density === d}
          className={`segment${density === d ? ' on' : ''}`}
          onClick={() => onChange(d)}
          data-testid={`density-${d}`}
        >
          {t(d === 'comfortable' ? 'density.comfortable' : 'density.compact')}
        </button>
      ))}
    </div>
  );
}
