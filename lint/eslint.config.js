// ESLint flat config of `npm run lint` (package.json), run by .ci/run after
// the type check. It lives in lint/ with an install of its own
// (lint/package.json): typescript-eslint parses with the TypeScript 6
// JavaScript API, which the project's compiler, TypeScript 7, does not ship.
// Rules that need type information are not enabled: the type check
// (`npm run typecheck`) is TypeScript 7's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    basePath: '..',
    ignores: ['node_modules/**', 'dist/**', 'coverage/**', '.tap/**', 'lint/**', 'tmp/**', '.readme-*/**'],
  },
  {
    basePath: '..',
    // A disable comment that no longer silences anything fails the lint.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    basePath: '..',
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      // A fake server's handler is often declared before the object it reads
      // is built (test/cluster/prometheus-source.test.ts): `let x;` then one
      // assignment, read in between by the closure, is not a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
);
