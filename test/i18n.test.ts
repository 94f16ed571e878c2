// The console's languages: Spanish says everything English says, with the same placeholders, and
// the lint rule refuses English written straight into the console's JSX.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const LOCALES = path.resolve('web/src/locales');
type Tree = { [key: string]: string | Tree };

function load(language: string): Record<string, Tree> {
  const dir = path.join(LOCALES, language);
  return Object.fromEntries(readdirSync(dir).map((file) => [file.replace(/\.json$/, ''), JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Tree]));
}

/** Every leaf as "namespace:a.b.c" → text; plural forms keep their suffix. */
function leaves(tree: Tree, prefix: string, out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix.endsWith(':') ? `${prefix}${key}` : `${prefix}.${key}`;
    if (typeof value === 'string') out.set(name, value);
    else leaves(value, name, out);
  }
  return out;
}

function all(language: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [ns, tree] of Object.entries(load(language))) leaves(tree, `${ns}:`, out);
  return out;
}

// Plural forms differ by language (Spanish may add `_many`); the base key is what must match.
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)[^}]*\}\}|<(\w+)\s*\/?>/g)].map((m) => m[1] ?? m[2]).sort();

describe('the console in Spanish', () => {
  const en = all('en');
  const es = all('es');

  it('has the same namespaces and keys as English', () => {
    expect(readdirSync(path.join(LOCALES, 'es')).sort()).toEqual(readdirSync(path.join(LOCALES, 'en')).sort());
    const missing = [...new Set([...en.keys()].map(base))].filter((k) => ![...es.keys()].some((e) => base(e) === k));
    const extra = [...new Set([...es.keys()].map(base))].filter((k) => ![...en.keys()].some((e) => base(e) === k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('leaves no text empty and keeps every placeholder and tag', () => {
    const wrong: string[] = [];
    for (const [key, text] of es) {
      if (!text.trim()) wrong.push(`${key} is empty`);
      const english = en.get(key) ?? en.get(`${base(key)}_other`);
      if (english !== undefined && placeholders(text).join() !== placeholders(english).join())
        wrong.push(`${key}: ${placeholders(text).join()} ≠ ${placeholders(english).join()}`);
    }
    expect(wrong).toEqual([]);
  });

  it('translates: a Spanish text equal to the English one is a word both languages share', () => {
    // Names and words Spanish borrows as they are; anything else equal to English was forgotten.
    const shared = /^(Gatehouse|OK|IP|URL|ID|API|CSV|JSON|Webhooks?|Email|Chrome|\{\{[^}]+\}\}|[\p{P}\p{S}\d\s]*)$/u;
    const untranslated = [...es].filter(([key, text]) => text === en.get(key) && !shared.test(text) && text.split(/\s+/).length > 1).map(([key]) => key);
    expect(untranslated).toEqual([]);
  });
});

describe('English written into the console', () => {
  it('is refused by the lint rule', async () => {
    const eslint = new ESLint({ cwd: path.resolve('.') });
    // Linted as if it were a file of the console (the type-aware parser needs one it knows).
    const [result] = await eslint.lintText('export function Tip() {\n  return <p title="Hello there">Sessions ended</p>;\n}\n', { filePath: 'web/src/components/Tip.tsx' });
    expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
    const refused = result!.messages.filter((m) => m.ruleId === 'i18next/no-literal-string').map((m) => m.message);
    expect(refused).toEqual([expect.stringContaining('Hello there'), expect.stringContaining('Sessions ended')]);
    // The type-aware parser loads the console's whole project first: slow on a busy machine.
  }, 90_000);
});
