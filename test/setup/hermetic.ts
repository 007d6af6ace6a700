// Global set-up of both runners (vitest and Playwright): runs once in the runner's main process
// before it starts any worker, so every test (and every process a test starts) inherits the
// hermetic environment. The returned function is the global teardown.
import { installHermeticEnv } from '../helpers/hermeticEnv'

export default function setup(): () => void {
  const env = installHermeticEnv()
  return () => env.restore()
}
