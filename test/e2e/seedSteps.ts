// Steps the seed specs share (seed000…004.spec.ts): declaring an incident through the header's
// dialog, starting a runbook on its checklist, and setting up over the page's own bridge socket
// what a responder would have configured before the outage (sources, targets, rules).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import type { Headless } from './fixtures'
import { expect } from './fixtures'

/** One call over the page's own bridge socket (its origin and session cookie): setup only. */
export async function bridgeCall<T = unknown>(
  page: Page,
  server: Headless,
  method: string,
  params: unknown,
): Promise<T> {
  return page.evaluate(
    ({ token, method, params }) =>
      new Promise<T>((resolve, reject) => {
        const ws = new WebSocket(`ws://${location.host}/bridge?token=${token}`)
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, method, params }))
        ws.onmessage = (m) => {
          if (typeof m.data !== 'string') return
          const msg = JSON.parse(m.data) as {
            id?: number
            ok?: boolean
            result?: T
            error?: unknown
          }
          if (msg.id !== 1) return
          ws.close()
          if (msg.ok) resolve(msg.result as T)
          else reject(new Error(JSON.stringify(msg.error)))
        }
        ws.onerror = () => reject(new Error('bridge socket failed'))
      }),
    { token: server.token, method, params },
  )
}

export async function declare(app: Page, title: string, severity = 'P2'): Promise<void> {
  await app.getByTestId('declare-incident').click()
  await app.getByTestId('declare-title').fill(title)
  await app.getByTestId(`declare-severity-${severity}`).check()
  await app.getByTestId('declare-services').fill('api')
  await app.getByTestId('declare-submit').click()
  await expect(app.getByTestId('incident-title')).toContainText(title)
}

/** Starts a runbook of the library on the active incident's checklist; returns its view. */
export async function startRunbook(app: Page, runbookId: string) {
  const checklist = app.getByTestId('checklist')
  await checklist.getByTestId('runbook-select').selectOption(runbookId)
  await checklist.getByTestId('runbook-start').click()
  const view = checklist.locator(`[data-runbook="${runbookId}"]`)
  await expect(view).toBeVisible()
  return view
}

/** The seed runbooks beside the repo (../shared/seeds), as the unit tests find them. */
const SEED_DIR = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds')

/** Why a seed spec cannot run here, or undefined; in CI a missing folder fails instead. */
export function seedsMissing(): string | undefined {
  if (existsSync(SEED_DIR)) return undefined
  const why = `the seed runbooks are not beside the repo (${SEED_DIR})`
  if (process.env.CI === 'true') throw new Error(why)
  return why
}

/** The text of the seed whose file name starts with `prefix` (`000`…`004`). */
export function seedText(prefix: string): string {
  const name = readdirSync(SEED_DIR).find((n) => n.startsWith(`${prefix}_`))
  if (!name) throw new Error(`no seed ${prefix} in ${SEED_DIR}`)
  return readFileSync(join(SEED_DIR, name), 'utf8')
}
