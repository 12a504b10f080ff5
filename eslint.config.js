import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Settings come from one validated env.ts per app or package; reading process.env elsewhere bypasses it. */
const processEnvBan = {
  selector: "MemberExpression[object.name='process'][property.name='env']",
  message: 'Read settings through this app or package env.ts (validated with zod), not process.env.',
};
const noAppsInPackages = { group: ['**/apps/**'], message: 'packages/* must not import apps/*' };

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/.next/**',
      '**/dist/**',
      '**/generated/**',
      '**/next-env.d.ts',
      '.data/**',
      'e2e/.state/**',
      'e2e/playwright-report/**',
      'e2e/test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  {
    // Type-aware rules for the TypeScript sources: a promise nobody awaits loses its error.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ['apps/console/src/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['apps/**/*.ts', 'apps/**/*.tsx', 'packages/**/*.ts', 'packages/**/*.tsx'],
    ignores: ['**/env.ts', '**/*.test.ts', '**/test/**', '**/vitest.config.ts'],
    rules: { 'no-restricted-syntax': ['error', processEnvBan] },
  },
  {
    // Packages are libraries: they never reach into apps.
    files: ['packages/**/*.ts', 'packages/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noAppsInPackages] }] },
  },
  {
    // Services are plain functions usable without tRPC (tests, workers, the agent side). One block with
    // every restriction: a later no-restricted-imports entry replaces an earlier one, it does not add to it.
    files: ['packages/api/src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [noAppsInPackages],
          paths: [{ name: '@trpc/server', message: 'services throw AppError, not TRPCError' }],
        },
      ],
    },
  },
);
