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
  {
    // The dashboard's browser app (src/dashboard/app/, linked into app.js by
    // src/dashboard/link-script.ts): values reach the page as text only.
    // (`**/` in front: with `-c lint/eslint.config.js` the base path above
    // resolves against the working directory, not against lint/.)
    basePath: '..',
    files: ['**/src/dashboard/app/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error',
        ...['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'write', 'writeln', 'cssText'].map((property) => ({
          property,
          message: 'Values reach the page as text nodes and attributes, styles through the CSSOM (the CSP forbids inline style).',
        })),
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // The app's logic (all of it but page/) is also unit-tested in Node
    // (test/dashboard/app/): it touches no page, timer or network, and
    // imports only its own files (the library's types aside).
    basePath: '..',
    files: ['**/src/dashboard/app/*.ts'],
    rules: {
      'no-restricted-globals': ['error',
        ...['document', 'window', 'location', 'history', 'navigator', 'sessionStorage', 'localStorage', 'fetch', 'setTimeout', 'setInterval']
          .map((name) => ({ name, message: 'The pure logic touches no page, timer or network: that is ./page/.' })),
      ],
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ regex: '^(?!\\./)', allowTypeImports: true, message: 'The app imports values from its own files only.' }],
      }],
    },
  },
  {
    // The page layer imports the app's logic and its own files.
    basePath: '..',
    files: ['**/src/dashboard/app/page/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ regex: '^(?!\\./|\\.\\./[^./][^/]*$)', allowTypeImports: true, message: 'The app imports values from its own files only.' }],
      }],
    },
  },
);
