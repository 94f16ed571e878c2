// The house rules (docs/ARCHITECTURE.md, "Rooms and the arrows allowed between them") are kept by
// the lint: a wrong import placed in src/ fails it, a right one passes.
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript config module, without declarations.
import houseRules from '../eslint/boundaries.js';

const root = fileURLToPath(new URL('..', import.meta.url));

// The snippets are files that do not exist, which the type-aware rules of eslint.config.js cannot
// parse; the house rules need no type information, so they run here with the TypeScript parser
// alone. That eslint.config.js applies these same rules to src/ is checked below.
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...(houseRules as Linter.Config[])],
});

async function houseErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${file}` });
  expect(result?.messages.filter((m) => m.ruleId !== 'boundaries/dependencies')).toEqual([]);
  return result?.messages.map((m) => m.message) ?? [];
}

describe('the house rules', () => {
  it('are part of the project lint for every file under src/', async () => {
    const project = new ESLint({ cwd: root });
    for (const file of ['src/team/service.ts', 'src/lib/clock.ts', 'src/errors.ts', 'src/webhooks/new-file.ts']) {
      const config = (await project.calculateConfigForFile(`${root}${file}`)) as Linter.Config;
      expect(config.rules?.['boundaries/dependencies']?.[0 as never], file).toBe(2);
    }
  });

  it("refuse a capability importing another capability's store", async () => {
    const errors = await houseErrors('src/team/x.ts', "import { x } from '../sessions/store.js';\nexport const y = x;\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('src/team/x.ts may not import src/sessions/store.ts');
  });

  it("let a capability import another capability's service", async () => {
    expect(await houseErrors('src/team/x.ts', "import { x } from '../sessions/service.js';\nexport const y = x;\n")).toEqual([]);
  });

  it('count type-only imports and type queries', async () => {
    expect(await houseErrors('src/team/x.ts', "import type { X } from '../sessions/store.js';\nexport type Y = X;\n")).toHaveLength(1);
    expect(await houseErrors('src/team/x.ts', "export type Y = typeof import('../audit/store.js');\n")).toHaveLength(1);
    expect(await houseErrors('src/team/x.ts', "export { x } from '../presence/hub.js';\n")).toHaveLength(1);
  });

  it('cover a capability folder that did not exist when the rules were written', async () => {
    expect(await houseErrors('src/webhooks/x.ts', "import { x } from '../sessions/store.js';\nexport const y = x;\n")).toHaveLength(1);
    expect(await houseErrors('src/webhooks/x.ts', "import { x } from '../sessions/service.js';\nexport const y = x;\n")).toEqual([]);
    expect(await houseErrors('src/team/x.ts', "import { x } from '../integrations/token-store.js';\nexport const y = x;\n")).toHaveLength(1);
  });

  it('let a capability read its own files, the neutral rooms, the error catalogue and packages', async () => {
    const code = [
      "import { a } from './store.js';",
      "import { b } from '../http/auth.js';",
      "import { c } from '../access/permissions.js';",
      "import { d } from '../db/chunk.js';",
      "import { e } from '../lib/clock.js';",
      "import { f } from '../errors.js';",
      "import { g } from 'fastify';",
      "import { h } from 'node:crypto';",
      'export const all = [a, b, c, d, e, f, g, h];',
      '',
    ].join('\n');
    expect(await houseErrors('src/team/x.ts', code)).toEqual([]);
  });

  it('refuse a capability importing the composition root', async () => {
    expect(await houseErrors('src/team/x.ts', "import { x } from '../app.js';\nexport const y = x;\n")).toHaveLength(1);
  });

  it('keep the neutral rooms in order, http → access → db → lib, and away from capabilities', async () => {
    expect(
      await houseErrors(
        'src/http/x.ts',
        "import { a } from '../access/context.js';\nimport { b } from '../db/types.js';\nimport { c } from '../lib/clock.js';\nimport { d } from '../config.js';\nexport const all = [a, b, c, d];\n",
      ),
    ).toEqual([]);
    expect(await houseErrors('src/lib/x.ts', "import type { Db } from '../db/types.js';\nexport type X = Db;\n")).toHaveLength(1);
    expect(await houseErrors('src/db/x.ts', "import { a } from '../access/context.js';\nexport const b = a;\n")).toHaveLength(1);
    expect(await houseErrors('src/access/x.ts', "import { a } from '../http/auth.js';\nexport const b = a;\n")).toHaveLength(1);
    expect(await houseErrors('src/access/x.ts', "import { a } from '../config.js';\nexport const b = a;\n")).toHaveLength(1);
    expect(await houseErrors('src/db/x.ts', "import type { X } from '../sessions/types.js';\nexport type Y = X;\n")).toHaveLength(1);
  });

  it('keep errors.ts and config.ts from importing upward', async () => {
    expect(await houseErrors('src/errors.ts', "import type { X } from './sessions/types.js';\nexport type Y = X;\n")).toHaveLength(1);
    expect(await houseErrors('src/config.ts', "import { x } from './lib/clock.js';\nexport const y = x;\n")).toHaveLength(1);
    expect(await houseErrors('src/config.ts', "import { x } from './errors.js';\nexport const y = x;\n")).toEqual([]);
  });

  it('let a unit test beside its code build the whole app and use the test helpers', async () => {
    const code = "import { a } from '../app.js';\nimport { b } from '../../test/helpers/harness.js';\nexport const all = [a, b];\n";
    expect(await houseErrors('src/team/x.test.ts', code)).toEqual([]);
    expect(await houseErrors('src/team/x.test.ts', "import { x } from '../sessions/store.js';\nexport const y = x;\n")).toHaveLength(1);
  });
});
