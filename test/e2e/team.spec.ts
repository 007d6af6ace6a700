// Team sync in Chromium (#18): two headless servers on two data folders, one PostgreSQL 15 over
// TLS (verify-full with a test CA). Each responder connects through the Team panel; an incident
// declared on A appears in B's incident list, A's severity change shows in B's header and in
// B's Team panel under A's name; both responders are in both presence lists (header count 2);
// a note typed on B appears in A's timeline pane (the merged timeline) with B's name; A shares
// its shell and B replays it read only, redacted; and while
// PostgreSQL is stopped A's header says "Offline — 1 waiting" until it is back.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { Page } from '@playwright/test'
import { Core } from '../../src/main/core/core'
import { clientConfig } from '../../src/main/core/team/connection'
import { addResponder, initServerSchema } from '../../src/main/core/team/serverSchema'
import { startPostgres, type Postgres } from '../helpers/services/postgres'
import { makeTestCa, type TestCa } from '../helpers/services/testCa'
import { expect, paneText, startHeadless, test } from './fixtures'

const ADMIN = 'e2e-admin-pw'
let server: Postgres
let ca: TestCa

test.beforeAll(async () => {
  ca = await makeTestCa()
  server = await startPostgres({
    password: ADMIN,
    durable: true,
    tls: { certFile: ca.certFile, keyFile: ca.keyFile },
  })
  const admin = new pg.Client(
    clientConfig(
      {
        host: '127.0.0.1',
        port: server.port,
        database: 'postgres',
        user: 'postgres',
        sslmode: 'verify-full',
        caFile: ca.caFile,
      },
      ADMIN,
    ),
  )
  await admin.connect()
  await initServerSchema(admin)
  await addResponder(admin, 'aiko', 'pw-aiko-e2e')
  await addResponder(admin, 'ben', 'pw-ben-e2e')
  await admin.end()
})
test.afterAll(async () => {
  await server?.stop()
})

async function connectTeam(page: Page, user: string): Promise<void> {
  await page.getByTestId('team-badge').click()
  const panel = page.getByTestId('team-panel')
  await expect(panel).toBeVisible()
  await panel.getByTestId('team-host').fill('127.0.0.1')
  await panel.getByTestId('team-port').fill(String(server.port))
  await panel.getByTestId('team-database').fill('postgres')
  await panel.getByTestId('team-user').fill(user)
  await panel.getByTestId('team-password').fill(`pw-${user}-e2e`)
  await panel.getByTestId('team-sslmode').selectOption('verify-full')
  await panel.getByTestId('team-ca').fill(ca.caFile)
  await panel.getByTestId('team-team').fill('sre')
  await panel.getByTestId('team-display-name').fill(user)
  await panel.getByTestId('team-role').fill('responder')
  if (user === 'aiko') await page.screenshot({ path: '.tmp/screens/team-panel.png' })
  await panel.getByTestId('team-save').click()
  await expect(page.getByTestId('team-badge')).toHaveAttribute('data-state', 'synced')
  // The password is not shown back: the field is empty, the hint says one is saved.
  await expect(panel.getByTestId('team-password')).toHaveValue('')
  await page.keyboard.press('Escape')
  await expect(panel).toHaveCount(0)
}

test('two laptops, one PostgreSQL: connect in the Team panel, changes cross, offline shows N waiting', async ({
  app,
  chromiumBrowser,
}) => {
  test.setTimeout(120_000)
  await expect(app.getByTestId('team-badge')).toHaveAttribute('data-state', 'local-only')
  await expect(app.getByTestId('team-badge')).toHaveText('Local only')
  const otherDir = mkdtempSync(join(tmpdir(), 'sitrep-e2e-b-'))
  const other = await startHeadless(otherDir)
  const context = await chromiumBrowser.newContext()
  try {
    const b = await context.newPage()
    await b.goto(other.url)
    await connectTeam(app, 'aiko')
    await connectTeam(b, 'ben')

    // Declared on A.
    const title = `Team checkout 502 ${Date.now()}`
    await app.getByTestId('declare-incident').click()
    await app.getByTestId('declare-title').fill(title)
    await app.getByTestId('declare-severity-P2').check()
    await app.getByTestId('declare-submit').click()
    await expect(app.getByTestId('incident-title')).toHaveText(title)

    // On B: in the list, opened, the same severity.
    await b.getByTestId('open-incident-list').click()
    const item = b.getByTestId('incident-list-item').filter({ hasText: title })
    await expect(item).toBeVisible({ timeout: 15_000 })
    await item.click()
    await expect(b.getByTestId('incident-title')).toHaveText(title)
    await expect(b.getByTestId('incident-severity')).toHaveAttribute('data-severity', 'P2')

    // A raises the severity; B's header follows.
    await app.getByTestId('incident-severity').click()
    await app.getByTestId('severity-option-P1').click()
    await expect(b.getByTestId('incident-severity')).toHaveAttribute('data-severity', 'P1', {
      timeout: 15_000,
    })

    // Presence: both laptops are in the war room, on both sides.
    await expect(app.getByTestId('team-presence-count')).toHaveAttribute('data-count', '2', {
      timeout: 15_000,
    })
    await expect(b.getByTestId('team-presence-count')).toHaveAttribute('data-count', '2', {
      timeout: 15_000,
    })

    // A note typed on B shows in A's timeline pane with B's name and laptop.
    const note = `ben checks the load balancer ${Date.now()}`
    await b.getByTestId('note-input').fill(note)
    await b.getByTestId('note-add').click()
    const row = app.getByTestId('timeline-row').filter({ hasText: note })
    await expect(row).toBeVisible({ timeout: 15_000 })
    await expect(row).toHaveAttribute('data-author', 'ben')
    await expect(row.getByTestId('timeline-who')).toHaveText(/^ben@/)
    await expect(app.getByTestId('timeline-merged')).toBeVisible()
    // A's own rows carry no name; once pushed none of them waits.
    await expect(app.getByTestId('timeline-waiting')).toHaveCount(0, { timeout: 15_000 })
    await app.getByTestId('timeline').screenshot({ path: '.tmp/screens/team-merged-timeline.png' })

    // A shares its shell for the incident: what goes out is redacted (a PGPASSWORD it prints).
    await app.locator('section[data-testid^="pane-"] .xterm').first().click()
    await app.keyboard.type("printf 'PGPASS''WORD=%s%s\\n' hunter2 Zq9; echo shared-$((6*7))-line")
    await app.keyboard.press('Enter')
    await expect.poll(() => paneText(app)).toContain('shared-42-line')
    await app.getByTestId('team-badge').click()
    await app.getByTestId('team-my-session').first().getByTestId('team-share-session').click()
    await expect(app.getByTestId('team-session-shared').first()).toBeVisible()
    await app.keyboard.press('Escape')

    // B's Team panel lists the incident as the team holds it: A's events under A's name.
    await b.getByTestId('team-badge').click()
    const people = b.getByTestId('team-presence').getByTestId('team-person')
    await expect(people).toHaveCount(2)
    await expect(people.filter({ hasText: 'aiko' })).toHaveAttribute('data-author', 'aiko')
    await expect(people.filter({ hasText: 'ben' })).toContainText('responder')
    const merged = b.getByTestId('team-timeline').getByTestId('team-event')
    await expect(merged.filter({ hasText: 'aiko@' })).toHaveCount(2)
    await expect(merged.nth(1)).toContainText('P1')
    await b.screenshot({ path: '.tmp/screens/team-timeline.png' })
    await b.getByTestId('team-presence').screenshot({ path: '.tmp/screens/team-presence.png' })

    // B opens A's shared transcript read only in the replay view: redacted, and says so.
    const sharedItem = b.getByTestId('team-shared-transcript').first()
    await expect(sharedItem).toContainText('aiko@', { timeout: 15_000 })
    await sharedItem.getByTestId('team-open-shared').click()
    await expect(b.getByTestId('replay-shared-banner')).toContainText('aiko')
    const replayed = () => b.getByTestId('replay-term').locator('.xterm-rows').innerText()
    await expect.poll(replayed, { timeout: 15_000 }).toContain('shared-42-line')
    expect(await replayed()).toContain('PGPASSWORD=[REDACTED]')
    expect(await replayed()).not.toContain('hunter2Zq9')
    await b.screenshot({ path: '.tmp/screens/team-shared-replay.png' })
    await b.keyboard.press('Escape')
    await b.keyboard.press('Escape')

    // PostgreSQL stops; A keeps working and says what waits.
    await server.stopServer()
    await app.getByTestId('note-input').fill('written while the team database is down')
    await app.getByTestId('note-add').click()
    await expect(app.getByTestId('note-input')).toHaveValue('')
    await expect(app.getByTestId('team-badge')).toHaveAttribute('data-state', 'offline', {
      timeout: 15_000,
    })
    await expect(app.getByTestId('team-badge')).toHaveText('Offline — 1 waiting')
    await app.screenshot({ path: '.tmp/screens/team-offline.png' })

    await server.startAgain()
    await expect(app.getByTestId('team-badge')).toHaveAttribute('data-state', 'synced', {
      timeout: 30_000,
    })
    await expect(app.getByTestId('team-badge')).toHaveText('Synced')
  } finally {
    await context.close()
    await other.stop()
    rmSync(otherDir, { recursive: true, force: true })
  }
})

test('postmortem: a section edited at the same time shows the other version; merged by hand, both laptops converge', async ({
  app,
}) => {
  test.setTimeout(60_000)
  // The other laptop is a Core in this process (ben), so it can go offline and edit at will.
  const benDir = mkdtempSync(join(tmpdir(), 'sitrep-e2e-ben-'))
  const ben = new Core({
    dataDir: benDir,
    shell: 'headless',
    version: 't',
    backupIntervalMs: 0,
    userKnownHosts: join(benDir, 'none'),
  })
  ben.start()
  const benTeam = (port: number) => ({
    host: '127.0.0.1',
    port,
    database: 'postgres',
    user: 'ben',
    password: 'pw-ben-e2e',
    sslmode: 'verify-full' as const,
    caFile: ca.caFile,
    team: 'sre',
    displayName: 'ben',
    role: 'responder',
  })
  try {
    await connectTeam(app, 'aiko')
    await ben.team().configure(benTeam(server.port))
    const title = `Postmortem together ${Date.now()}`
    await app.getByTestId('declare-incident').click()
    await app.getByTestId('declare-title').fill(title)
    await app.getByTestId('declare-severity-P2').check()
    await app.getByTestId('declare-submit').click()
    await expect(app.getByTestId('incident-title')).toHaveText(title)
    const benHas = async () => {
      await ben.team().syncNow()
      return (
        ben
          .incidents()
          .list({})
          .items.find((i) => i.title === title)?.id ?? null
      )
    }
    await expect.poll(benHas).not.toBeNull()
    const incidentId = (await benHas())!

    // Ben goes offline; aiko writes the summary and saves; ben, not having seen it, writes his.
    await ben.team().configure(benTeam(1))
    await app.getByTestId('header-more').click()
    await app.getByTestId('open-postmortem').click()
    await app.getByTestId('postmortem-lang').selectOption('en')
    const aikos = 'Checkout returned 502 from 14:02 to 14:22 for every user.'
    await app.getByTestId('pm-summary').fill(aikos)
    await app.getByTestId('postmortem-save').click()
    await expect(app.getByTestId('postmortem-state')).toHaveText('Saved')
    await expect(app.getByTestId('team-badge')).toHaveAttribute('data-state', 'synced')
    const bens = 'Checkout was down about 20 minutes after the pool change.'
    const draft = ben.exports().postmortem(incidentId, 'en')
    ben.exports().savePostmortem(incidentId, 'en', { ...draft.fields, summary: bens }, 'ben')
    await ben.team().configure(benTeam(server.port))

    // Aiko's editor: the draft now holds ben's (the later edit), hers is beside it.
    const notice = app.getByTestId('pm-conflict')
    await expect(notice).toBeVisible({ timeout: 15_000 })
    await expect(notice).toHaveAttribute('data-section', 'summary')
    await expect(notice).toContainText(/Edited at the same time by ben at /)
    await expect(notice.getByTestId('pm-conflict-text')).toHaveText(aikos)
    await expect(app.getByTestId('pm-summary')).toHaveValue(bens)
    await expect(notice.getByTestId('pm-conflict-keep-mine')).toHaveText('Keep mine')
    await expect(notice.getByTestId('pm-conflict-take-theirs')).toHaveText('Take theirs')
    await app.getByTestId('postmortem-editor').screenshot({
      path: '.tmp/screens/team-postmortem-conflict.png',
    })
    // The same notice in Japanese.
    await app.getByTestId('lang-switch').locator('button[lang="ja"]').click()
    await expect(notice).toContainText('ben が')
    await expect(notice).toContainText('同時に編集しました')
    await expect(notice.getByTestId('pm-conflict-keep-mine')).toHaveText('自分の版を残す')
    await notice.screenshot({ path: '.tmp/screens/team-postmortem-conflict-ja.png' })
    await app.getByTestId('lang-switch').locator('button[lang="en"]').click()
    // Ben's side knows it too (his is the draft's, aiko's the other).
    expect(ben.team().postmortemConflicts(incidentId)).toMatchObject([
      { section: 'summary', current: { self: true }, others: [{ self: false }] },
    ])

    // Merge by hand: both versions in the field, edited into one, saved.
    await notice.getByTestId('pm-conflict-merge').click()
    await expect(app.getByTestId('pm-summary')).toHaveValue(`${bens}\n\n${aikos}`)
    await app.getByTestId('postmortem-editor').screenshot({
      path: '.tmp/screens/team-postmortem-merging.png',
    })
    const merged =
      'Checkout returned 502 from 14:02 to 14:22 (about 20 minutes) after the pool change.'
    await app.getByTestId('pm-summary').fill(merged)
    await notice.getByTestId('pm-conflict-merge-save').click()
    await expect(app.getByTestId('pm-conflict')).toHaveCount(0)
    await expect(app.getByTestId('postmortem-preview')).toContainText('(about 20 minutes)')
    await expect(app.getByTestId('postmortem-state')).toHaveText('Saved')
    await expect
      .poll(async () => {
        await ben.team().syncNow()
        return [
          ben.exports().postmortem(incidentId, 'en').fields.summary,
          ben.team().postmortemConflicts(incidentId).length,
        ]
      })
      .toEqual([merged, 0])
  } finally {
    await ben.team().close()
    ben.close()
    rmSync(benDir, { recursive: true, force: true })
  }
})
