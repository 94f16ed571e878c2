import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import i18next from 'eslint-plugin-i18next';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import houseRules from './eslint/boundaries.js';

const shared = {
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
  'no-console': 'off',
  eqeqeq: ['error', 'always'],
};

export default tseslint.config(
  // Build output and installed packages only: everything else in the repository is linted.
  { ignores: ['dist/**', 'packages/*/dist/**', '**/node_modules/**', 'coverage/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.base],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      ...shared,
      // A forgotten await on a database write or a session end is a bug that tests rarely see.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  // Plain JavaScript (bench/, scripts/, the configs): ESLint's recommended rules, no type information.
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [js.configs.recommended, tseslint.configs.base],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: { ...globals.node } },
    rules: {
      ...shared,
      'no-unused-vars': 'off',
    },
  },
  // The console: React's rules of hooks and the React Compiler's checks.
  {
    files: ['web/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
  },
  // Every word a person reads in the console comes from web/src/locales: text written into JSX, or
  // into an attribute a person reads or hears, is refused (test/i18n.test.ts checks the languages).
  {
    files: ['web/src/**/*.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'jsx-attributes': {
            include: ['aria-label', 'aria-description', 'title', 'placeholder', 'alt', 'label', 'description', 'content', 'noun', 'confirmLabel', 'heading', 'help'],
          },
          words: { exclude: ['[0-9!-/:-@[-`{-~·…–—•→←✓×]+', 'Gatehouse'] },
        },
      ],
    },
  },
  // A source file says one thing: past 400 lines it is two files (tests and generated types aside).
  {
    files: ['src/**/*.ts', 'web/src/**/*.{ts,tsx}', 'packages/*/src/**/*.ts', 'examples/**/*.{ts,js,mjs}'],
    ignores: ['**/*.test.ts', 'web/src/api-types.gen.ts'],
    rules: { 'max-lines': ['error', { max: 400 }] },
  },
  ...houseRules,
);
