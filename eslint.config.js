// Lint: ESLint's recommended rules plus typescript-eslint's type-checked
// recommended rules, over everything we write (`npm run lint`; `npm test` runs
// it as one of its static checks). A rule that is wrong for this code is
// switched off or tuned here, with the reason beside it, not file by file.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'test-results/', '.screens/', 'public/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // One type-checked program for every .ts file: tsconfig.json includes them all.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A leading _ marks a parameter kept for its position (test.each rows, callbacks); `...rest` drops fields on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['client/ui/**/*.ts', 'client/diagnostics/**/*.ts'],
    rules: {
      // Lit calls a template's listener (`@click=${this._onClick}`) with `this` bound to the host element.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests read the raw wire on purpose (JSON.parse, fake sockets' frames) and vitest's
      // asymmetric matchers are typed `any`: the expect() that follows is the check.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Fakes stand in for async APIs; `async` keeps their shape and turns a throw into a rejection, as the real API does.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The foreign client the browser tests load is a plain script for a page.
    files: ['test/e2e/foreign-peer/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(
        ['window', 'document', 'location', 'navigator', 'console', 'setTimeout', 'clearTimeout', 'URLSearchParams', 'WebSocket', 'RTCPeerConnection', 'MediaStream'].map(
          (name) => [name, 'readonly'],
        ),
      ),
    },
  },
  {
    // The few plain-JS files (scripts, the test runner, configs) are outside
    // tsconfig.json: untyped rules only, and Node's globals.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', module: 'writable', require: 'readonly' } },
  },
);
