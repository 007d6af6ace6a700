// Export from the UI: the redaction preview names the secret a responder pasted, a large export
// shows its progress and can be cancelled (no file left), the finished export has the secret
// masked; the postmortem editor saves an edited section; a bundle imports back as a merge.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect, test } from './fixtures'

test.skip(({ shell }) => shell !== 'chromium', 'reads the headless data folder')

const SECRET = 'e2e-PLANTED-pw-4711'

test('export with preview, progress and cancel; postmortem; import merges', async ({
  app,
  server,
}) => {
  if (!server) throw new Error('headless server missing')
  test.setTimeout(120_000)
  const title = `DB connections exhausted ${Date.now()}`
  // The shortcut listens once the header is up.
  await expect(app.getByTestId('declare-incident')).toBeVisible()
  await app.keyboard.press('Control+Shift+D')
  await app.getByTestId('declare-title').fill(title)
  await app.getByTestId('declare-severity-P2').check()
  await app.getByTestId('declare-services').fill('postgres')
  await app.getByTestId('declare-title').press('Enter')
  await expect(app.getByTestId('incident-title')).toHaveText(title)
  await app.getByTestId('note-input').fill(`ran: PGPASSWORD=${SECRET} psql -h db-1`)
  await app.getByTestId('note-add').click()
  await expect(app.getByTestId('note-input')).toHaveValue('')
  await app.getByTestId('note-input').fill('customer CUST-424242 cannot pay')
  await app.getByTestId('note-add').click()
  await expect(app.getByTestId('note-input')).toHaveValue('')

  // 80 MB of recorded terminal output, so the export takes long enough to watch and cancel.
  // The database file: sitrep.json names it once a backup was opened; sitrep.db until then.
  const pointerFile = join(server.dataDir, 'sitrep.json')
  const dbFile = existsSync(pointerFile)
    ? (JSON.parse(readFileSync(pointerFile, 'utf8')) as { databaseFile: string }).databaseFile
    : 'sitrep.db'
  const db = new Database(join(server.dataDir, dbFile))
  const incidentId = (
    db.prepare('SELECT id FROM incidents WHERE title = ?').get(title) as { id: string }
  ).id
  db.prepare(
    `INSERT INTO sessions (id, incident_id, target_id, kind, title, cols, rows, started_at, ended_at, exit_code)
     VALUES ('e2e-session', ?, NULL, 'local', 'db-1', 100, 30, ?, ?, 0)`,
  ).run(incidentId, Date.now() - 60_000, Date.now())
  const block = Buffer.from(
    'Jan 20 14:02:12 db-1 postgres[811]: FATAL: sorry, too many clients already\r\n'.repeat(900),
  )
  const insert = db.prepare(
    "INSERT INTO transcript_chunks (session_id, at, direction, data) VALUES ('e2e-session', ?, 'o', ?)",
  )
  db.transaction(() => {
    for (let i = 0; i < (80 * 1024 * 1024) / block.byteLength; i++)
      insert.run(Date.now() - 50_000 + i, block)
  })()
  db.close()

  await app.getByTestId('header-more').click()
  await app.getByTestId('open-export').click()
  await expect(app.getByTestId('export-dialog')).toBeVisible()
  // A team pattern for customer ids, saved from the dialog.
  await app.locator('[data-testid="export-patterns"] summary').click()
  await app.getByTestId('export-patterns-text').fill('customer id = CUST-\\d{6}')
  await app.getByTestId('export-patterns-save').click()
  await expect(app.getByTestId('export-patterns')).toContainText('Saved')
  await app.getByTestId('export-preview').click()
  await expect(app.getByTestId('redaction-kind-password')).toBeVisible()
  await expect(app.getByTestId('redaction-kind-user-pattern')).toBeVisible()
  await expect(app.getByTestId('redaction-preview')).toContainText('PGPASSWORD=[REDACTED]')
  await expect(app.getByTestId('redaction-preview')).not.toContainText(SECRET)

  const exportsDir = join(server.dataDir, 'exports')
  await app.getByTestId('export-format').selectOption('json')
  await app.getByTestId('export-run').click()
  await expect(app.getByTestId('export-progress')).toBeVisible()
  await expect
    .poll(async () =>
      Number(await app.locator('[data-testid="export-progress"] progress').getAttribute('value')),
    )
    .toBeGreaterThan(0)
  await app.getByTestId('export-cancel').click()
  await expect(app.getByTestId('export-cancelled')).toBeVisible()
  const left = (): string[] => {
    try {
      return readdirSync(exportsDir)
    } catch {
      return []
    }
  }
  expect(left()).toEqual([])

  await app.getByTestId('export-run').click()
  await expect(app.getByTestId('export-result')).toBeVisible({ timeout: 60_000 })
  const files = left()
  expect(files).toHaveLength(1)
  const bundle = readFileSync(join(exportsDir, files[0]!), 'utf8')
  expect(bundle).not.toContain(SECRET)
  expect(bundle).not.toContain('CUST-424242')
  expect(bundle).toContain('PGPASSWORD=[REDACTED]')

  // Markdown in Japanese, with the redaction too.
  await app.getByTestId('export-format').selectOption('markdown')
  await app.getByTestId('export-lang').selectOption('ja')
  await app.getByTestId('export-run').click()
  await expect(app.getByTestId('export-result')).toContainText('.md')
  const md = left().find((f) => f.endsWith('.md'))!
  const mdText = readFileSync(join(exportsDir, md), 'utf8')
  expect(mdText).toContain('## タイムライン')
  expect(mdText).not.toContain(SECRET)

  // Postmortem: edit the root cause, save, and it stays after reopening.
  await app.getByTestId('header-more').click()
  await app.getByTestId('open-postmortem').click()
  await expect(app.getByTestId('postmortem-editor')).toBeVisible()
  await app.getByTestId('postmortem-lang').selectOption('en')
  await app.getByTestId('pm-rootCause').fill('pgbouncer pool too small for the batch job')
  await app.getByTestId('postmortem-save').click()
  await expect(app.getByTestId('postmortem-state')).toHaveText('Saved')
  await expect(app.getByTestId('postmortem-preview')).toContainText('pgbouncer pool too small')
  await app.getByTestId('header-more').click()
  await app.getByTestId('open-postmortem').click()
  await app.getByTestId('header-more').click()
  await app.getByTestId('open-postmortem').click()
  await expect(app.getByTestId('pm-rootCause')).toHaveValue(
    'pgbouncer pool too small for the batch job',
  )

  // Importing the bundle back (without its 80 MB transcript: the loopback bridge carries at
  // most 16 MB per message): the incident exists, every event is already here.
  const small = { ...(JSON.parse(bundle) as Record<string, unknown>), sessions: [] }
  await app.getByTestId('header-more').click()
  await app.getByTestId('open-import').click()
  await app.getByTestId('import-file').setInputFiles({
    name: 'bundle.sitrep.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(small)),
  })
  // A preview first: the incident is already here, so the import would merge into it by name.
  await expect(app.getByTestId('import-preview')).toBeVisible({ timeout: 30_000 })
  await expect(app.getByTestId('import-preview')).toContainText(title)
  await expect(app.getByTestId('import-result')).toHaveCount(0)
  await expect(app.getByTestId('import-confirm')).toContainText(title)
  await app.getByTestId('import-confirm').click()
  await expect(app.getByTestId('import-result')).toBeVisible({ timeout: 30_000 })
  await expect(app.getByTestId('import-result')).toContainText(title)
})
