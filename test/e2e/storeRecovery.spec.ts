// A damaged database is never overwritten: the app explains, and opens a backup on request.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DataDir } from '../../src/main/core/store/store'
import { createIncidentRow } from '../../src/main/core/store/incidentRows'
import { expect, test } from './fixtures'

const DAMAGED = Buffer.from('SQLite format 3\u0000'.padEnd(8192, '\u00ff'), 'latin1')

function plantDamagedDatabase(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true })
  // A real backup from an earlier, healthy run…
  const healthy = new DataDir(join(dataDir, 'healthy'))
  healthy.open()
  const store = healthy.require()
  const id = createIncidentRow(store.db, {
    title: 'earlier incident',
    severity: 'P2',
    at: Date.now(),
  })
  store.timeline.append(id, { kind: 'note', payload: { text: 'from the backup' } })
  const backups = join(dataDir, 'backups')
  mkdirSync(backups, { recursive: true })
  store.db.exec(`VACUUM INTO '${join(backups, 'sitrep-2026-11-20T10-00-00-000Z.db')}'`)
  healthy.close()
  // …and a current file that is damaged.
  writeFileSync(join(dataDir, 'sitrep.db'), DAMAGED)
}

// A function-valued option must be handed over by a fixture, or Playwright would run it as one.
test.use({ prepareData: async ({}, use) => use(plantDamagedDatabase) })

test('a damaged database shows the recovery screen and opens the backup', async ({
  app,
  dataDir,
}) => {
  const problem = app.getByTestId('store-problem')
  await expect(problem).toBeVisible()
  await expect(problem).toContainText('sitrep.db')
  await expect(problem).toContainText('sitrep-2026-11-20T10-00-00-000Z.db')
  await app
    .getByRole('button', { name: /open this backup/i })
    .first()
    .click()
  await expect(problem).toBeHidden()
  await expect(app.locator('[data-testid^="pane-"]').first()).toBeVisible()
  // The damaged file is exactly as it was.
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')
  expect(sha(readFileSync(join(dataDir, 'sitrep.db')))).toBe(sha(DAMAGED))
})
