import { Languages } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { chooseLanguage, currentLanguage } from '../i18n';
import { LANGUAGES, type Language } from '../locales';

/** English or Español: each name is written in its own language, so anyone finds theirs. */
export function LanguageSwitcher({ className = '' }: { className?: string }) {
  const { t } = useTranslation();
  return (
    <label className={`language-switcher ${className}`}>
      <Languages size={15} aria-hidden />
      <span className="sr-only">{t('language.label')}</span>
      <select value={currentLanguage()} onChange={(e) => void chooseLanguage(e.target.value as Language)} data-testid="language">
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}
