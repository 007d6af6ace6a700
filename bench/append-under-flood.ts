// Timeline appends while a terminal floods: the same durable one-by-one appends, measured with a
// local shell running `yes` into a recorded, flow-controlled session in the same process, and
// without it. The ratio is what a terminal flood costs the timeline.
import { Core } from '../src/main/core/core'
import { encodeAck, encodeFrame, decodeFrame, FrameKind } from '../src/shared/contract'
import { routeIncomingFrame } from '../src/main/core/rpc/frames'
import { type Benchmark, type Figure, median, withTempDirAsync } from './harness'

// The flood must start within the warm-up: no rc files, whatever the machine's ~/.bashrc does.
process.env.SITREP_SHELL ??= '/bin/bash --noprofile --norc'

const SECONDS = 2
const RUNS = 3

/** Appends for `SECONDS`, yielding to the event loop every few events as the app does. */
async function appendFor(core: Core, incidentId: string): Promise<number> {
  const timeline = core.data.require().timeline
  const end = performance.now() + SECONDS * 1000
  let n = 0
  while (performance.now() < end) {
    for (let i = 0; i < 5; i++)
      timeline.append(incidentId, { kind: 'note', payload: { text: `note ${n++}` } })
    await new Promise((r) => setImmediate(r))
  }
  return n / SECONDS
}

async function measure(flood: boolean): Promise<{ rate: number; floodBytesPerSec: number }> {
  return withTempDirAsync(async (dir) => {
    const core = new Core({
      dataDir: dir,
      shell: 'headless',
      version: 'bench',
      backupIntervalMs: 0,
    })
    core.start()
    const incident = core.incidents().incidents.declare({
      title: 'bench',
      severity: 'P1',
      services: ['api'],
      impactScope: 'core',
      detection: 'monitoring-alert',
    })
    let floodBytes = 0
    if (flood) {
      const info = core.sessions.openLocal({ cols: 120, rows: 40, incidentId: null })
      // A viewer that parses instantly: acks every frame at once, like a fast renderer.
      const viewer = {
        id: 'bench',
        sendFrame: (f: Uint8Array) => {
          const frame = decodeFrame(f)
          if (!frame) return
          floodBytes += frame.payload.byteLength
          routeIncomingFrame(
            core.sessions,
            viewer,
            encodeAck(frame.channel, frame.payload.byteLength),
          )
        },
      }
      core.sessions.attach(viewer, info.id)
      routeIncomingFrame(
        core.sessions,
        viewer,
        encodeFrame(
          FrameKind.Input,
          info.channel,
          new TextEncoder().encode('yes flood-line-of-text\r'),
        ),
      )
      await new Promise((r) => setTimeout(r, 300))
      floodBytes = 0
    }
    const rate = await appendFor(core, incident.id)
    const floodBytesPerSec = floodBytes / SECONDS
    core.close()
    return { rate, floodBytesPerSec }
  })
}

export const appendUnderFlood: Benchmark = {
  name: 'append-under-flood',
  description:
    'Durable one-by-one timeline appends (each its own committed transaction, with the FTS triggers) for 2 s, while a local shell floods `yes` through a recorded, flow-controlled session in the same process, vs. the same appends with no session. Median of 3 runs.',
  howToRead:
    'A ratio near 1× means a flooding terminal barely slows the timeline; the recorder batches its writes (250 ms / 64 KB) so a flood costs a few commits per second.',
  async run(): Promise<Figure[]> {
    const quiet: number[] = []
    const loud: number[] = []
    const floods: number[] = []
    for (let i = 0; i < RUNS; i++) {
      quiet.push((await measure(false)).rate)
      const m = await measure(true)
      loud.push(m.rate)
      floods.push(m.floodBytesPerSec / 1e6)
    }
    console.log(`  (the flood delivered ${median(floods).toFixed(1)} MB/s to the viewer meanwhile)`)
    return [
      {
        label: 'appends/s during a terminal flood',
        value: median(loud),
        unit: 'events/s',
        baselineLabel: 'same appends, no terminal session',
        baselineValue: median(quiet),
        higherIsBetter: true,
        samples: loud,
        baselineSamples: quiet,
      },
    ]
  },
}
