import { defineConfig } from 'vitest/config'

// TZ is pinned to a zone that is neither UTC nor Asia/Shanghai, so that code which silently
// depends on the process time zone fails here (business dates must come from the configured zone).
process.env.TZ = 'America/New_York'

export default defineConfig({
  test: {
    include: ['domain/**/*.test.ts', 'infra/**/*.test.ts', 'server/**/*.test.ts', 'workers/**/*.test.ts', 'sql/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts', 'test/**/*.test.ts', 'dashboard/src/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
    env: { TZ: 'America/New_York' },
  },
})
