import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('.', import.meta.url))

// Vitest does not read remix.config.js: it gets the project's import paths here.
export default defineConfig({
  resolve: {
    alias: [{ find: /^#(app|db|emails|test)\//, replacement: `${root}$1/` }],
  },
  test: {
    environment: 'node',
    globalSetup: ['./test/setup/global-setup.ts'],
    setupFiles: ['./test/setup/setup-file.ts'],
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 120_000,
  },
})
