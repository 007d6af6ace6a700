// Bench-only trace of a keystroke's hops through the core (bench/sessions-echo.ts). Off unless
// SITREP_LATENCY_TRACE names a file: then each small terminal frame's hop is stamped with the
// wall clock in ms (performance.timeOrigin + now, comparable with the browser's stamps on the
// same machine) and the lines are appended to that file once a second and at exit. Only frames
// of up to TRACED_BYTES are stamped, so a flood neither floods the trace nor slows down.
import { appendFileSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'

const TRACED_BYTES = 64
const file = process.env.SITREP_LATENCY_TRACE

export type CoreHop = 'bridge.recv' | 'core.write' | 'core.data' | 'core.send'

let lines: string[] = []
const drain = (): void => {
  if (!file || lines.length === 0) return
  appendFileSync(file, lines.join(''))
  lines = []
}
if (file) {
  // How late the core's event loop ran, per second: a key waits that long before it is read.
  const delay = monitorEventLoopDelay({ resolution: 5 })
  delay.enable()
  setInterval(() => {
    const ms = (ns: number): string => (ns / 1e6).toFixed(1)
    lines.push(`loop - ${ms(delay.percentile(50))} ${ms(delay.percentile(99))} ${ms(delay.max)}\n`)
    delay.reset()
    drain()
  }, 1000).unref()
  process.on('exit', drain)
}

/** Stamps one hop of a frame on `channel`; a no-op unless the bench turned the trace on. */
export const traceHop: ((hop: CoreHop, channel: number, bytes: number) => void) | null = file
  ? (hop, channel, bytes) => {
      if (bytes > TRACED_BYTES) return
      lines.push(
        `${hop} ${channel} ${bytes} ${(performance.timeOrigin + performance.now()).toFixed(3)}\n`,
      )
    }
  : null
