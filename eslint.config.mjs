// Lint: typescript-eslint's recommended rules, plus two architectural rules: the core (src/core)
// and the CLI never import `vscode`, so they run and are tested without VS Code; and nothing in
// src/ imports from test/, so what ships never depends on test code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NO_TEST_IMPORTS = { regex: '(^|/)test(/|$)', message: 'src/ must not import from test/: move what both need into src/.' };

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', '.demo/**', 'esbuild.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [NO_TEST_IMPORTS] }],
    },
  },
  {
    // Later entries replace the rule's options, so this one repeats the src/ → test/ pattern.
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core and the CLI must not depend on VS Code.' }], patterns: [NO_TEST_IMPORTS] }],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'scripts/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
