// The benchmark harness: runs benchmarks, prints every figure as a ratio to the raw baseline
// measured in the same run, and rewrites BENCHMARKS.md section by section.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, arch, cpus, platform, release, tmpdir } from 'node:os'
import { join, resolve, sep } from 'node:path'

/** One measured quantity next to the raw baseline it is judged against. */
export interface Figure {
  label: string
  /** Ours: the median of the runs. */
  value: number
  unit: string
  /** What the raw baseline is, in a few words ("bare INSERT, autocommit"). */
  baselineLabel: string
  /** The raw baseline's median, measured in the same run on the same machine. */
  baselineValue: number
  higherIsBetter: boolean
  /** Every run behind the medians, so a reader can see the noise next to a ratio. */
  samples?: number[]
  baselineSamples?: number[]
}

export interface Benchmark {
  /** Stable id: the filter argument matches it and BENCHMARKS.md keys its section by it. */
  name: string
  /** What is measured and against which baseline, in a sentence or two. */
  description: string
  /** One line on what a good or bad ratio means for this benchmark. */
  howToRead: string
  run(): Figure[] | Promise<Figure[]>
}

export interface Machine {
  cpus: number
  cpuModel: string
  node: string
  os: string
  /** fsync-bound figures depend on the disk under the temp dir more than on the CPU. */
  tempDir: string
  date: string
}

// ---------------------------------------------------------------------------------------------
// Measuring

export function seconds(fn: () => void): number {
  const start = process.hrtime.bigint()
  fn()
  return Number(process.hrtime.bigint() - start) / 1e9
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  if (s.length === 0) throw new Error('median of no samples')
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

// Temp dirs still alive, so an interrupted run (Ctrl-C) can remove them on the way out.
const liveTempDirs = new Set<string>()

/** Runs fn in a fresh temp dir that is removed afterwards, whatever happens. */
export function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-bench-'))
  liveTempDirs.add(dir)
  try {
    return fn(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
    liveTempDirs.delete(dir)
  }
}

/** withTempDir for async work: the dir lives until the promise settles. */
export async function withTempDirAsync<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-bench-'))
  liveTempDirs.add(dir)
  try {
    return await fn(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
    liveTempDirs.delete(dir)
  }
}

export function removeLiveTempDirs(): void {
  for (const dir of liveTempDirs) rmSync(dir, { recursive: true, force: true })
  liveTempDirs.clear()
}

// ---------------------------------------------------------------------------------------------
// The machine

function nproc(): number {
  try {
    // nproc honours CPU affinity and cgroup limits, which is what the benchmark actually gets.
    return Number(execFileSync('nproc', { encoding: 'utf8' }).trim())
  } catch {
    return availableParallelism()
  }
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))
    if (m?.[1]) return m[1].trim()
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return cpus()[0]?.model ?? 'unknown CPU'
}

/** The file system holding the temp dir, from the longest matching mount point. */
function tempDirFileSystem(dir: string): string {
  try {
    let best = { mount: '', type: 'unknown', device: '' }
    for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
      const [device, mount, type] = line.split(' ')
      if (!device || !mount || !type) continue
      const inside = dir === mount || dir.startsWith(mount === sep ? sep : mount + sep)
      if (inside && mount.length >= best.mount.length) best = { mount, type, device }
    }
    return `${dir} (${best.type} on ${best.device})`
  } catch {
    return dir
  }
}

export function describeMachine(): Machine {
  return {
    cpus: nproc(),
    cpuModel: cpuModel(),
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
    tempDir: tempDirFileSystem(tmpdir()),
    date: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  }
}

function machineLine(m: Machine): string {
  return `${m.cpus} × ${m.cpuModel}, Node ${m.node}, ${m.os}, temp dir ${m.tempDir}, ${m.date}`
}

// ---------------------------------------------------------------------------------------------
// Formatting

function formatNumber(v: number): string {
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2
  return v.toLocaleString('en-US', { maximumFractionDigits: digits })
}

function formatValue(v: number, unit: string, samples?: number[]): string {
  const spread =
    samples && samples.length > 1
      ? ` (${formatNumber(Math.min(...samples))}–${formatNumber(Math.max(...samples))})`
      : ''
  return `${formatNumber(v)} ${unit}${spread}`
}

export function ratioOf(f: Figure): number {
  return f.value / f.baselineValue
}

/**
 * Per-run ratios, when every run measured both sides together: those pairs shared the machine's
 * state, so their spread says more about noise than the spread of either side alone.
 */
function pairedRatios(f: Figure): number[] {
  const ours = f.samples ?? []
  const raw = f.baselineSamples ?? []
  if (ours.length < 2 || ours.length !== raw.length) return []
  return ours.map((v, i) => v / (raw[i] as number))
}

function formatRatio(f: Figure, bold = false): string {
  const runs = pairedRatios(f)
  const spread =
    runs.length > 0 ? ` (runs ${Math.min(...runs).toFixed(2)}–${Math.max(...runs).toFixed(2)})` : ''
  const direction = f.higherIsBetter ? 'higher is better' : 'lower is better'
  const ratio = `${ratioOf(f).toFixed(2)}×`
  return `${bold ? `**${ratio}**` : ratio}${spread}, ${direction}`
}

export function printFigures(b: Benchmark, figures: Figure[]): void {
  console.log(`\n${b.name}: ${b.description}`)
  for (const f of figures) {
    console.log(`  ${f.label}`)
    console.log(`    ours  ${formatValue(f.value, f.unit, f.samples)}`)
    console.log(
      `    raw   ${formatValue(f.baselineValue, f.unit, f.baselineSamples)}  [${f.baselineLabel}]`,
    )
    console.log(`    ratio ${formatRatio(f)}`)
  }
}

// ---------------------------------------------------------------------------------------------
// BENCHMARKS.md

const SECTION = /<!-- bench:([\w.-]+) -->[\s\S]*?<!-- \/bench:\1 -->/g

/** The sections of an earlier BENCHMARKS.md, by benchmark name, markers included. */
export function parseSections(markdown: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const m of markdown.matchAll(SECTION)) if (m[1]) out.set(m[1], m[0])
  return out
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|')
}

export function renderSection(b: Benchmark, figures: Figure[], machine: Machine): string {
  const rows = figures.map(
    (f) =>
      `| ${escapeCell(f.label)} | ${formatValue(f.value, f.unit, f.samples)} | ` +
      `${formatValue(f.baselineValue, f.unit, f.baselineSamples)} — ${escapeCell(f.baselineLabel)} | ` +
      `${formatRatio(f, true)} |`,
  )
  return [
    `<!-- bench:${b.name} -->`,
    `## ${b.name}`,
    '',
    b.description,
    '',
    '| figure | ours | raw baseline | ratio (ours / raw) |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    `How to read it: ${b.howToRead}`,
    '',
    `Measured on ${machineLine(machine)}.`,
    `<!-- /bench:${b.name} -->`,
  ].join('\n')
}

function renderHeader(machine: Machine): string {
  return [
    '# Benchmarks',
    '',
    '<!-- Written by bench/run.ts: edit the benchmarks, not this file. -->',
    '',
    'Reproduce with `npm run bench` (all benchmarks) or `npm run bench -- NAME` (only those whose',
    'name contains NAME); `npx tsx bench/run.ts [NAME]` does the same without the build step.',
    '',
    'Every figure sits next to a raw baseline measured in the same run on the same machine, and',
    'the ratio between them is what to compare across machines: absolute figures depend on the',
    'disk and CPU, ratios much less. Each value is the median of several runs, with the slowest',
    'and fastest run in parentheses.',
    '',
    `Latest run: ${machineLine(machine)}. A section not re-run then keeps its own machine line.`,
  ].join('\n')
}

/**
 * Rewrites BENCHMARKS.md: fresh sections for what ran, earlier sections for what did not, in the
 * order of `all`. Sections of benchmarks that no longer exist are dropped rather than left stale.
 */
export function writeReport(
  path: string,
  all: Benchmark[],
  fresh: Map<string, string>,
  machine: Machine,
): string[] {
  const previous = existsSync(path) ? parseSections(readFileSync(path, 'utf8')) : new Map()
  const sections: string[] = []
  for (const b of all) {
    const section = fresh.get(b.name) ?? previous.get(b.name)
    if (section !== undefined) sections.push(section)
  }
  const known = new Set(all.map((b) => b.name))
  const dropped = [...previous.keys()].filter((name) => !known.has(name))
  writeFileSync(path, `${[renderHeader(machine), ...sections].join('\n\n')}\n`)
  return dropped
}

export const reportPath = resolve(import.meta.dirname, '..', 'BENCHMARKS.md')
