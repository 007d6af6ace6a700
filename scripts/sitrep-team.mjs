#!/usr/bin/env node
// `npx sitrep-team …`: the team PostgreSQL admin's tool (src/main/core/team/cli.ts), run from a
// Sitrep checkout through tsx (a devDependency), so nothing has to be built first.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/main/core/team/cli.ts')
try {
  process.exitCode = await main(process.argv.slice(2))
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err))
  process.exitCode = 1
}
