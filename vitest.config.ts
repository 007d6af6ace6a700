import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    // Integration tests start real services (sshd, PostgreSQL, Prometheus): give them room,
    // and run files in separate forks so a crashed native module cannot take the run down.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // HOME, rc files, agent and shells of whoever runs the suite stay out of every test.
    globalSetup: ['test/setup/hermetic.ts'],
  },
})
