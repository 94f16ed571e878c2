// The console's languages: English and Spanish. The browser's languages choose at first; the
// switcher's choice is kept in localStorage. Every string a person reads comes from
// web/src/locales/<language>/<namespace>.json; `npm run lint` refuses text written into JSX and
// test/i18n.test.ts refuses a key one language has and the other lacks.
import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_NS, LANGUAGES, NAMESPACES, resources, type Language } from './locales';

const LANGUAGE_STORAGE_KEY = 'gatehouse.language';

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources,
    ns: NAMESPACES,
    defaultNS: DEFAULT_NS,
    fallbackLng: 'en',
    supportedLngs: LANGUAGES.map((l) => l.code),
    // "es-MX" and "en-GB" read as Spanish and English.
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    interpolation: { escapeValue: false }, // React escapes
    detection: { order: ['localStorage', 'navigator'], lookupLocalStorage: LANGUAGE_STORAGE_KEY, caches: [] },
    initAsync: false,
  });

function reflect(lng: string) {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
}
reflect(currentLanguage());
i18n.on('languageChanged', () => reflect(currentLanguage()));

/** The language the console shows now: "en" or "es". */
export function currentLanguage(): Language {
  const lng = i18n.resolvedLanguage ?? i18n.language ?? 'en';
  return LANGUAGES.some((l) => l.code === lng) ? (lng as Language) : 'en';
}

/**
 * The locale dates and numbers are written in: the browser's own when it is of the console's
 * language ("en-GB" writes 7 Dec 2026, "es-MX" 7 dic 2026), else the language itself.
 */
export function formattingLocale(): string {
  const lng = currentLanguage();
  const browser = typeof navigator === 'undefined' ? [] : navigator.languages;
  return browser.find((l) => l === lng || l.startsWith(`${lng}-`)) ?? lng;
}

/** Switches the language and remembers the choice on this browser. */
export async function chooseLanguage(lng: Language): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, lng);
  } catch {
    // Storage refused (a private window): the choice lasts until the page closes.
  }
  await i18n.changeLanguage(lng);
}

export { i18n };
