import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// Anything that touches the database, secrets or the email provider must stay on
// the server. The classic compiler strips `.server` modules silently, so this rule
// is what makes a slip loud.
const serverOnly = {
  patterns: [
    { group: ['#db/*', '../db/*', '../../db/*'], message: 'Database code is server-only: import it from a *.server.ts module.' },
    { group: ['better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'], message: 'Database drivers are server-only: import them from a *.server.ts module.' },
    { group: ['resend'], message: 'The email provider is server-only: import it from a *.server.ts module.' },
    { group: ['#app/utils/env.server', 'node:*'], message: 'Secrets and Node built-ins are server-only.' },
  ],
}

export default tseslint.config(
  { ignores: ['build/**', 'public/build/**', 'node_modules/**', 'test/artifacts/**', 'data/**', 'test/.bench/**', 'test/bench/baseline-app/build/**', 'test/bench/baseline-app/public/build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['app/routes/**/*.{ts,tsx}', 'app/components/**/*.{ts,tsx}', 'app/domain/**/*.ts', 'app/forms/**/*.ts', 'app/root.tsx', 'app/entry.client.tsx'],
    ignores: ['**/*.server.ts', '**/*.server.tsx'],
    rules: { 'no-restricted-imports': ['error', serverOnly] },
  },
)
