// ESLint 9 flat config with typescript-eslint's type-checked rules: the point
// is rules that need types (floating or misused promises, unsafe `any` flowing
// across a boundary), which a syntax-only linter cannot see. Formatting is
// Prettier's job (.prettierrc.json), so there are no stylistic rules here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TESTS = ['tests/**/*.{ts,tsx}', 'bench/**/*.ts', 'testkit/**/*.ts'];

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'public/**', 'test-results/**', 'playwright-report/**', 'coverage/**'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      // The sharp edges of async code, named so they stay on whatever the preset does.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // `async` without `await` is deliberate here: it turns a synchronous throw
      // into a rejection (lib/offscreen/dom-clipboard.ts) and lets fakes satisfy
      // Promise-returning interfaces. The promise rules above catch the real mistakes.
      '@typescript-eslint/require-await': 'off',
      // `let x; … () => x …; x = make(() => x)`: a listener built before the value it refers to.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Stripping control characters from names and server messages is the point
      // of the regexes that contain them (contract/schemas.ts, errors.ts).
      'no-control-regex': 'off',
      // `_name` marks a parameter a signature needs but the body does not.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Playwright fixtures must destructure their first parameter, even when empty: `async ({}, use) => …`.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
    },
  },
  {
    files: TESTS,
    rules: {
      // vitest's asymmetric matchers (expect.any, expect.stringMatching) are typed `any`,
      // and `expect(fake.method)` passes a method unbound by design.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  { files: ['**/*.js', '**/*.cjs', '**/*.mjs'], extends: [tseslint.configs.disableTypeChecked], languageOptions: { globals: globals.node } },
);
