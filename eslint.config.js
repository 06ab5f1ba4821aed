// Lint with type information: no `any`, no floating promises, hooks rules for React code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const NO_SERVER = { group: ['**/server/**', '**/server'], message: 'src/ may import contract/, never server/' };
const FEATURES = ['annotations', 'files', 'prompting', 'segmentation'];

/** One `no-restricted-imports` block per folder of src/, each naming what that folder may not reach. */
function srcImportZones() {
  const zone = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns: [...patterns, NO_SERVER] }] } });
  return [
    zone(['src/**/*.{ts,tsx}'], []),
    // Shared code knows nothing of features or the app shell.
    zone(['src/{api,lib,store,components}/**/*.{ts,tsx}'], [
      { regex: '(^|/)(features|app)(/|$)', message: 'shared code (api, lib, store, components) imports no feature and not app/' },
    ]),
    // canvas/ is pure rendering: it takes props and reports intents, never reaching into api/ or store/.
    zone(['src/canvas/**/*.{ts,tsx}'], [
      { regex: '(^|/)(api|store|features|app)(/|$)', message: 'canvas/ takes data through props only' },
    ]),
    // A feature imports shared code and its own files; composing features is app/'s job.
    ...FEATURES.map((feature) =>
      zone([`src/features/${feature}/**/*.{ts,tsx}`], [
        {
          // Matches `../segmentation/x` as well as `../../features/segmentation/x`, and any path through app/.
          regex: `(^|/)(${[...FEATURES.filter((other) => other !== feature), 'app'].join('|')})(/|$)`,
          message: `features/${feature} imports neither another feature nor app/; compose them in app/`,
        },
      ]),
    ),
  ];
}

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', '.emulator-data', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  // Import direction inside src/ (bulletproof-react's unidirectional house): shared code (api, canvas, lib, store,
  // components) ← features ← app. A feature never imports another feature; app/ composes them. Each block repeats the
  // src/ ↛ server/ rule because a later `no-restricted-imports` replaces an earlier one for the same file.
  ...srcImportZones(),
  {
    // The contract is the one thing app and emulator share, so it stands alone: zod and nothing else.
    files: ['contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../*', './*/../*', '**/src/**', '**/server/**'], message: 'contract/ imports nothing of the repository' }] }],
    },
  },
  {
    // The emulator and the app never import each other, only the contract.
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/src/**', '**/src'], message: 'server/ may import contract/, never src/' }] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
