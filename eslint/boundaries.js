// The house rules of docs/ARCHITECTURE.md ("Rooms and the arrows allowed between them"), checked
// by eslint-plugin-boundaries on every import, export-from and dynamic import under src/, type-only
// ones included.
//
// Rooms are found by folder pattern, so a new capability folder (src/webhooks/, …) is covered
// without an edit here: any folder under src/ that is not a neutral room is a capability.
import boundaries from 'eslint-plugin-boundaries';

/** The neutral rooms, highest first: each may import those after it, never those before. */
const NEUTRAL = ['http', 'access', 'db', 'lib'];
/** What a capability shows the others; everything else in its folder is its own business. */
const PUBLIC_FILES = '{service,types,events,present,schema}.ts';
/** The composition root may import anything. */
const ROOT_FILES = ['app', 'services', 'server', 'cli', 'demo', 'describe'].map((name) => `src/${name}.ts`);

const to = (type, more = {}) => ({ to: { element: { type, ...more } } });

/** @type {import('eslint').Linter.Config[]} */
export default [
  {
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      // `../sessions/store.js` is the file src/sessions/store.ts (NodeNext resolution).
      'import/resolver': { typescript: { project: 'tsconfig.json' } },
      'boundaries/include': ['src/**/*.ts', 'test/**/*.ts'],
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
      // `typeof import('../x.js')` in a type is an import as well.
      'boundaries/additional-dependency-nodes': [{ selector: 'TSImportType > Literal.source', kind: 'type', name: 'type-import' }],
      'boundaries/legacy-warnings': false,
      'boundaries/legacy-templates': false,
      // First match wins: the neutral rooms and the two root files before the catch-all capability pattern.
      'boundaries/elements': [
        ...NEUTRAL.map((room) => ({ type: room, pattern: `src/${room}` })),
        { type: 'errors', pattern: 'src/errors.ts', mode: 'full' },
        { type: 'config', pattern: 'src/config.ts', mode: 'full' },
        { type: 'root', pattern: ROOT_FILES, mode: 'full' },
        { type: 'capability', pattern: 'src/*', capture: ['name'] },
        // Shared test helpers, for the unit tests that sit beside their code.
        { type: 'test-helpers', pattern: 'test' },
      ],
      'boundaries/files': [{ category: 'test', pattern: '**/*.test.ts' }],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message:
            'House rule (docs/ARCHITECTURE.md, "Rooms and the arrows allowed between them"): {{ from.filePath }} may not import {{ to.filePath }}. ' +
            "A capability may import another capability's service.ts, types.ts, events.ts, present.ts or schema.ts only; a neutral room only the rooms below it (http → access → db → lib).",
          policies: [
            { from: { element: { type: 'root' } }, allow: { to: { element: { type: '*' } } } },
            // A capability imports its own files freely, another capability's public files only,
            // and any neutral room and the error catalogue.
            {
              from: { element: { type: 'capability' } },
              allow: [
                to('capability', { captured: { name: '{{ from.captured.name }}' } }),
                to('capability', { fileInternalPath: PUBLIC_FILES }),
                ...NEUTRAL.map((room) => to(room)),
                to('errors'),
              ],
            },
            // Neutral rooms: own files, the rooms below, the error catalogue; http also the config.
            ...NEUTRAL.map((room, i) => ({
              from: { element: { type: room } },
              allow: [...NEUTRAL.slice(i).map((below) => to(below)), to('errors'), ...(room === 'http' ? [to('config')] : [])],
            })),
            // errors.ts and config.ts stand on their own (config may name an error code).
            { from: { element: { type: 'config' } }, allow: to('errors') },
            // A unit test beside its code may also build the whole app and use the shared test helpers.
            {
              from: { file: { categories: 'test' } },
              allow: [to('root'), to('config'), to('errors'), to('test-helpers'), ...NEUTRAL.map((room) => to(room))],
            },
          ],
        },
      ],
    },
  },
];
