// A vitest reporter that names what is hanging. vitest's own timeouts name a test only once it
// fails (30 s each; a hook or a blocked worker can take longer, one test after another). This
// one says, while it happens, which test of which file has run past SITREP_SLOW_TEST_S (20 s),
// and ends the run when one file runs past SITREP_FILE_TIMEOUT_S (300 s), listing the file and
// the tests still in progress, so a hang costs minutes once instead of the whole CI budget.
import type { Reporter, TestCase, TestModule } from 'vitest/node'

const seconds = (name: string, fallback: number): number => {
  const v = Number(process.env[name])
  return Number.isFinite(v) && v > 0 ? v : fallback
}

interface Running {
  readonly label: string
  readonly started: number
  warned: boolean
}

export default class HangWatch implements Reporter {
  private readonly slowMs = seconds('SITREP_SLOW_TEST_S', 20) * 1000
  private readonly fileMs = seconds('SITREP_FILE_TIMEOUT_S', 300) * 1000
  private readonly files = new Map<string, Running>()
  private readonly tests = new Map<string, Running & { readonly file: string }>()
  private timer: ReturnType<typeof setInterval> | undefined

  onInit(): void {
    this.timer = setInterval(() => this.check(), 1_000)
    this.timer.unref()
  }

  onTestModuleStart(m: TestModule): void {
    this.files.set(m.moduleId, { label: m.relativeModuleId, started: Date.now(), warned: false })
  }

  onTestModuleEnd(m: TestModule): void {
    this.files.delete(m.moduleId)
  }

  onTestCaseReady(t: TestCase): void {
    this.tests.set(t.id, {
      label: `${t.module.relativeModuleId} > ${t.fullName}`,
      file: t.module.moduleId,
      started: Date.now(),
      warned: false,
    })
  }

  onTestCaseResult(t: TestCase): void {
    this.tests.delete(t.id)
  }

  onTestRunEnd(): void {
    if (this.timer) clearInterval(this.timer)
  }

  private check(): void {
    const now = Date.now()
    for (const t of this.tests.values()) {
      if (t.warned || now - t.started < this.slowMs) continue
      t.warned = true
      process.stderr.write(
        `\n[hang-watch] still running after ${this.slowMs / 1000} s: ${t.label}\n`,
      )
    }
    for (const [id, f] of this.files) {
      if (now - f.started < this.fileMs) continue
      const inProgress = [...this.tests.values()]
        .filter((t) => t.file === id)
        .map((t) => `  - ${t.label} (${Math.round((now - t.started) / 1000)} s)`)
      process.stderr.write(
        `\n[hang-watch] ${f.label} has run ${this.fileMs / 1000} s (SITREP_FILE_TIMEOUT_S); ` +
          `ending the run.\nIn progress:\n${inProgress.join('\n') || '  (no test: a hook or the file itself)'}\n`,
      )
      process.exit(1)
    }
  }
}
