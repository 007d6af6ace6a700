// Handlers of the redis.* methods: the console pane on a Redis source and one command under the
// same rules. One-line calls into the Redis domain's facade (redis/domain.ts).
import type { Core } from '../core'
import type { HandlersOf } from './handlerTypes'

export function redisHandlers(core: Core): HandlersOf<'redis'> {
  return {
    'redis.openConsole': (p) => core.redisDomain.openConsole(p),
    'redis.command': (p) => core.redisDomain.command(p),
  }
}
