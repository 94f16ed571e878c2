// Every namespace in every language. A namespace is one area of the console, so that two people
// translating two areas never edit one file.
import enAuth from './en/auth.json';
import enCommon from './en/common.json';
import enSessions from './en/sessions.json';
import enSettings from './en/settings.json';
import enShifts from './en/shifts.json';
import enTeam from './en/team.json';
import esAuth from './es/auth.json';
import esCommon from './es/common.json';
import esSessions from './es/sessions.json';
import esSettings from './es/settings.json';
import esShifts from './es/shifts.json';
import esTeam from './es/team.json';

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'es', name: 'Español' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

export const DEFAULT_NS = 'common';

const en = { common: enCommon, auth: enAuth, team: enTeam, settings: enSettings, shifts: enShifts, sessions: enSessions };
export const NAMESPACES = Object.keys(en) as (keyof typeof en)[];

// Spanish must have exactly English's keys: test/i18n.test.ts checks it leaf by leaf.
export const resources = {
  en,
  es: { common: esCommon, auth: esAuth, team: esTeam, settings: esSettings, shifts: esShifts, sessions: esSessions },
};

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: typeof DEFAULT_NS;
    resources: typeof en;
  }
}
