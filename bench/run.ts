// Entry point of `npm run bench`: runs every benchmark (or those whose name contains one of the
// arguments), prints each figure with its ratio to the raw baseline, and rewrites BENCHMARKS.md.
import {
  type Benchmark,
  describeMachine,
  printFigures,
  removeLiveTempDirs,
  renderSection,
  reportPath,
  writeReport,
} from './harness'
import { appendUnderFlood } from './append-under-flood'
import { exportLarge } from './export'
import { metricsChart } from './metrics-chart'
import { metricsDashboard } from './metrics-chart-dashboard'
import { metricsIngest } from './metrics-ingest'
import { metricsSources } from './metrics-sources'
import { timeline100k } from './timeline-100k'
import { timelineAppend } from './timeline-append'
import { storeOpen } from './store-open'
import { sessionsSsh, sessionsSshRecording } from './sessions-ssh'
import { sessionsEcho } from './sessions-echo'
import { sessionsPanes } from './sessions-panes'
import { runbooks } from './runbooks'
import { sourcesRedis } from './sources-redis'
import { sourcesAccessLog } from './sources-access-log'
import { team } from './team'
import { teamScale } from './team-scale'
import { keyboard } from './keyboard'

// In BENCHMARKS.md order. A new benchmark is a module in bench/ plus one line here.
const benchmarks: Benchmark[] = [
  timelineAppend,
  appendUnderFlood,
  timeline100k,
  storeOpen,
  metricsIngest,
  metricsSources,
  metricsChart,
  metricsDashboard,
  exportLarge,
  sessionsSsh,
  sessionsSshRecording,
  sessionsEcho,
  sessionsPanes,
  runbooks,
  sourcesRedis,
  sourcesAccessLog,
  keyboard,
  team,
  teamScale,
]

const filters = process.argv.slice(2)
const selected = benchmarks.filter(
  (b) => filters.length === 0 || filters.some((f) => b.name.includes(f)),
)
if (selected.length === 0) {
  console.error(
    `No benchmark name contains ${filters.map((f) => `"${f}"`).join(' or ')}. ` +
      `Known: ${benchmarks.map((b) => b.name).join(', ')}.`,
  )
  process.exit(2)
}

// Ctrl-C mid-run must not leave databases of several hundred MB in the temp dir.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    removeLiveTempDirs()
    process.exit(130)
  })
}

const machine = describeMachine()
console.log(
  `Machine: ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, temp dir ${machine.tempDir}`,
)

const fresh = new Map<string, string>()
let failed = false
for (const b of selected) {
  process.stderr.write(`\nrunning ${b.name}…\n`)
  try {
    const figures = await b.run()
    printFigures(b, figures)
    fresh.set(b.name, renderSection(b, figures, machine))
  } catch (err) {
    // One broken benchmark keeps its previous section and fails the run, without hiding the rest.
    failed = true
    console.error(`${b.name} failed:`, err)
  }
}

const dropped = writeReport(reportPath, benchmarks, fresh, machine)
for (const name of dropped) console.log(`Dropped the section of unknown benchmark "${name}".`)
console.log(`\nWrote ${reportPath} (${fresh.size} of ${benchmarks.length} sections updated).`)
if (failed) process.exitCode = 1
