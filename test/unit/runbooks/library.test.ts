// The runbook library on a real database: every seed imports, versions follow the text, an
// incident keeps the version it started with, malformed files import with warnings and a file
// that is not a runbook saves nothing. Built-ins are listed per language.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadBuiltins } from '../../../src/main/core/runbooks/builtins'
import { RunbookLibrary } from '../../../src/main/core/runbooks/library'
import { tempDir } from '../../helpers/tempDir'
import { startCore, type CoreUnderTest } from './coreSetup'
import { SEED_DIR, seedsPresent } from './seedFiles'

let t: CoreUnderTest | null = null
afterEach(() => {
  t?.core.close()
  t = null
})

const rowCount = (x: CoreUnderTest): number =>
  (x.core.data.require().db.prepare('SELECT count(*) AS n FROM runbooks').get() as { n: number }).n

describe('runbook library', () => {
  it.skipIf(!seedsPresent)('imports every seed file of a folder, once', async () => {
    t = startCore()
    const first = await t.call('runbooks.importFolder', { path: SEED_DIR })
    expect(first.failed).toEqual([])
    expect(first.imported).toHaveLength(5)
    expect(first.imported.every((i) => i.created && i.summary.version === 1)).toBe(true)
    expect(first.imported.every((i) => i.summary.lang === 'ja')).toBe(true)
    expect(first.imported.map((i) => i.summary.steps).reduce((a, b) => a + b)).toBeGreaterThan(20)
    const again = await t.call('runbooks.importFolder', { path: SEED_DIR })
    expect(again.imported.every((i) => !i.created && i.summary.version === 1)).toBe(true)
    const ja = await t.call('runbooks.list', { lang: 'ja' })
    for (const i of first.imported) expect(ja.map((s) => s.id)).toContain(i.summary.id)
  })

  it('lists built-ins per language, with the database-unreachable runbook in both', async () => {
    t = startCore()
    const en = await t.call('runbooks.list', { lang: 'en' })
    const ja = await t.call('runbooks.list', { lang: 'ja' })
    const enDb = en.find((s) => s.id === 'en/database-unreachable')
    const jaDb = ja.find((s) => s.id === 'ja/database-unreachable')
    expect(enDb).toMatchObject({ builtin: true, lang: 'en', version: 1 })
    expect(jaDb).toMatchObject({ builtin: true, lang: 'ja', version: 1 })
    expect(enDb?.steps).toBeGreaterThan(0)
    expect(ja.every((s) => s.lang === 'ja')).toBe(true)
    // Loading the built-ins again (a restart) adds no version.
    const again = loadBuiltins(t.core.runbooks().library)
    expect(again.failed).toEqual([])
    expect(again.imported.length).toBeGreaterThanOrEqual(2)
    expect(again.imported.every((i) => !i.created)).toBe(true)
  })

  it('a stored runbook damaged on disk neither breaks the list nor the next start', async () => {
    t = startCore()
    // What a flipped byte in the database file can do to a stored text (found by the fault test).
    t.core.data
      .require()
      .db.prepare("UPDATE runbooks SET markdown = markdown || char(0), warnings = '{' WHERE id = ?")
      .run('en/system-diagnosis')
    // A fresh library, as after a restart: nothing parsed is cached.
    const cacheFree = new RunbookLibrary(t.core.data.require().db, () => Date.now())
    const listed = cacheFree.list('en').find((s) => s.id === 'en/system-diagnosis')
    expect(listed).toMatchObject({ steps: 0, warnings: [] })
    // The built-ins load over it: the damaged copy is replaced by a new, readable version.
    const again = loadBuiltins(cacheFree)
    expect(again.failed).toEqual([])
    const repaired = again.imported.find((i) => i.summary.id === 'en/system-diagnosis')
    expect(repaired).toMatchObject({ created: true, summary: { version: 2 } })
    expect(repaired?.summary.steps).toBeGreaterThan(0)
  })

  it('re-importing changed text adds a version; an incident keeps the one it started with', async () => {
    t = startCore()
    const v1 = '---\nid: disk-full\n---\n# Disk full\n- [ ] Check disk\n  ```bash\n  df -h\n  ```\n'
    const a = await t.call('runbooks.importText', { text: v1, source: 'disk.md' })
    expect(a.imported[0]?.summary).toMatchObject({ id: 'en/disk-full', version: 1 })
    await t.call('runbooks.startForIncident', {
      incidentId: t.incidentId,
      runbookId: 'en/disk-full',
      actor: 'aiko',
    })
    const same = await t.call('runbooks.importText', { text: v1, source: 'disk.md' })
    expect(same.imported[0]).toMatchObject({ created: false, summary: { version: 1 } })
    const v2 = v1.replace('df -h', 'df -h /var')
    const b = await t.call('runbooks.importText', { text: v2, source: 'disk.md' })
    expect(b.imported[0]).toMatchObject({ created: true, summary: { version: 2 } })

    const view = await t.call('runbooks.forIncident', { incidentId: t.incidentId })
    const rb = view.runbooks[0]
    expect(rb?.summary.version).toBe(1)
    expect(rb?.newerVersion).toBe(2)
    const code = rb?.document.sections[0]?.steps[0]?.commands[0]?.code
    expect(code).toBe('df -h')
    expect((await t.call('runbooks.get', { runbookId: 'en/disk-full' })).summary.version).toBe(2)
    const old = await t.call('runbooks.get', { runbookId: 'en/disk-full', version: 1 })
    expect(old.document.sections[0]?.steps[0]?.commands[0]?.code).toBe('df -h')
    // Starting again keeps version 1.
    await t.call('runbooks.startForIncident', {
      incidentId: t.incidentId,
      runbookId: 'en/disk-full',
    })
    const again = await t.call('runbooks.forIncident', { incidentId: t.incidentId })
    expect(again.runbooks.map((r) => r.summary.version)).toEqual([1])
    const started = t.core.data
      .require()
      .timeline.list(t.incidentId, { limit: 100 })
      .filter((e) => e.kind === 'runbook.started')
    expect(started).toHaveLength(1)
    expect(started[0]?.payload).toMatchObject({ runbookId: 'en/disk-full', version: 1 })
  })

  it('files the runbook under its language: front matter lang, else the text', async () => {
    t = startCore()
    const out = await t.call('runbooks.importText', {
      text: '---\nlang: ja\n---\n# Disk\n- [ ] df\n',
      source: 'disk.md',
    })
    expect(out.imported[0]?.summary).toMatchObject({ id: 'ja/disk', lang: 'ja' })
    const guessed = await t.call('runbooks.importText', {
      text: '# ディスク容量\n- [ ] 確認する\n',
      source: 'disk.md',
    })
    expect(guessed.imported[0]?.summary).toMatchObject({ id: 'ja/disk', version: 2 })
    const bad = await t.call('runbooks.importText', {
      text: '---\nlang: fr\n---\n# Disque\n',
      source: 'disque.md',
    })
    expect(bad.imported[0]?.summary.id).toBe('en/disque')
    const langWarning = bad.imported[0]?.summary.warnings.find((w) => w.code === 'front_matter')
    expect(langWarning?.message).toMatch(/Line 2: "lang" must be en or ja/)
  })

  it('a malformed runbook imports whole with warnings naming lines', async () => {
    t = startCore()
    const text = [
      '---',
      'title: [broken',
      '---',
      '# Restart',
      '- [ ] Same step',
      '- [ ] Same step',
      '```bash',
      'systemctl restart nginx',
    ].join('\n')
    const out = await t.call('runbooks.importText', { text, source: 'broken.md' })
    expect(out.failed).toEqual([])
    const summary = out.imported[0]?.summary
    expect(summary?.steps).toBe(2)
    const messages = summary?.warnings.map((w) => w.message).join('\n') ?? ''
    expect(messages).toMatch(/Line 2: front matter is not valid YAML/)
    expect(messages).toMatch(/Line 6: step "Same step"/)
    expect(messages).toMatch(/Line 7: code block opened here is never closed/)
    const detail = await t.call('runbooks.get', { runbookId: summary?.id ?? '' })
    expect(detail.summary.warnings).toEqual(summary?.warnings)
  })

  it('a file that is not a runbook saves nothing; the rest of the folder imports', async () => {
    t = startCore()
    const before = rowCount(t)
    const dir = tempDir()
    writeFileSync(join(dir, 'a.md'), '# A\n- [ ] one\n')
    writeFileSync(join(dir, 'b.md'), Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x00, 0x01]))
    writeFileSync(join(dir, 'notes.png'), 'not looked at')
    mkdirSync(join(dir, 'sub'))
    const out = await t.call('runbooks.importFolder', { path: dir })
    expect(out.imported.map((i) => i.summary.id)).toEqual(['en/a'])
    expect(out.failed).toHaveLength(1)
    expect(out.failed[0]?.message).toMatch(/b\.md could not be read: it is not UTF-8/)
    expect(rowCount(t)).toBe(before + 1)

    // A file that is not a runbook is reported in the outcome, not thrown.
    const only = await t.call('runbooks.importFile', { path: join(dir, 'b.md') })
    expect(only.imported).toEqual([])
    expect(only.failed[0]?.message).toMatch(/not UTF-8/)
    expect(rowCount(t)).toBe(before + 1)

    const key = await t.fail('runbooks.importFile', { path: join(dir, 'notes.png') })
    expect(key.message).toMatch(/notes\.png is not a runbook file/)
    expect(rowCount(t)).toBe(before + 1)
    expect((await t.fail('runbooks.importFolder', { path: join(dir, 'nope') })).code).toBe(
      'not_found',
    )
    expect((await t.fail('runbooks.importFile', { path: join(dir, 'nope.md') })).code).toBe(
      'not_found',
    )
  })

  it('nested folders with a README.md each import as distinct runbooks, with path and SHA-256', async () => {
    t = startCore()
    const dir = tempDir()
    const write = (rel: string, text: string): string => {
      const file = join(dir, rel)
      mkdirSync(join(file, '..'), { recursive: true })
      writeFileSync(file, text)
      return file
    }
    write('README.md', '# Index\n- [ ] read the folder\n')
    write('db/README.md', '# Database\n- [ ] check replication\n')
    const lagFile = write('db/replica/README.md', '# Replica lag\n- [ ] measure lag\n')
    write('web/README.md', '# Web\n- [ ] check nginx\n')
    write('web/alerts/disk.md', '# Web disk\n- [ ] df\n')
    write('db/alerts/disk.md', '# DB disk\n- [ ] df\n')
    write('.github/README.md', '# not a runbook\n- [ ] skip\n')
    const first = await t.call('runbooks.importFolder', { path: dir })
    expect(first.failed).toEqual([])
    expect(first.conflicts).toEqual([])
    expect([...first.new].sort()).toEqual([
      'en/db/alerts/disk',
      'en/db/readme',
      'en/db/replica/readme',
      'en/readme',
      'en/web/alerts/disk',
      'en/web/readme',
    ])
    expect(first.changed).toEqual([])
    const lag = first.imported.find((i) => i.summary.id === 'en/db/replica/readme')?.summary
    expect(lag).toMatchObject({
      title: 'Replica lag',
      path: lagFile,
      source: 'db/replica/README.md',
    })
    expect(lag?.sha256).toBe(createHash('sha256').update(readFileSync(lagFile)).digest('hex'))
    const rows = rowCount(t)

    // Unchanged folder: nothing added, every id reported unchanged.
    const again = await t.call('runbooks.importFolder', { path: dir })
    expect(again.new).toEqual([])
    expect(again.changed).toEqual([])
    expect(again.unchanged).toHaveLength(6)
    expect(rowCount(t)).toBe(rows)

    // One changed file: exactly one version added, the rest unchanged.
    write('db/replica/README.md', '# Replica lag\n- [ ] measure lag\n- [ ] page the DBA\n')
    const changed = await t.call('runbooks.importFolder', { path: dir })
    expect(changed.changed).toEqual(['en/db/replica/readme'])
    expect(changed.new).toEqual([])
    expect(changed.unchanged).toHaveLength(5)
    expect(rowCount(t)).toBe(rows + 1)
    const detail = await t.call('runbooks.get', { runbookId: 'en/db/replica/readme' })
    expect(detail.summary).toMatchObject({ version: 2, steps: 2 })
  })

  it('reports ids two files would share, and saves neither', async () => {
    t = startCore()
    const dir = tempDir()
    writeFileSync(join(dir, 'a.md'), '---\nid: restart\n---\n# A\n- [ ] one\n')
    writeFileSync(join(dir, 'b.md'), '---\nid: restart\n---\n# B\n- [ ] two\n')
    writeFileSync(join(dir, 'c.md'), '# C\n- [ ] three\n')
    const before = rowCount(t)
    const out = await t.call('runbooks.importFolder', { path: dir })
    expect(out.new).toEqual(['en/c'])
    expect(out.conflicts).toEqual([
      {
        id: 'en/restart',
        sources: [join(dir, 'a.md'), join(dir, 'b.md')],
        message: expect.stringMatching(/none of them was imported.*"id:"/),
      },
    ])
    expect(rowCount(t)).toBe(before + 1)

    // The same relative path under another folder is a different runbook, not a new version.
    const other = tempDir()
    writeFileSync(join(other, 'c.md'), '# Another C\n- [ ] elsewhere\n')
    const clash = await t.call('runbooks.importFolder', { path: other })
    expect(clash.conflicts.map((c) => c.id)).toEqual(['en/c'])
    expect(clash.conflicts[0]?.message).toContain(join(dir, 'c.md'))
    expect(rowCount(t)).toBe(before + 1)

    // A user file never replaces a built-in by accident.
    const builtinClash = await t.call('runbooks.importFiles', {
      files: [{ path: 'mine/kubernetes.md', text: '# Mine\n- [ ] step\n' }],
    })
    expect(builtinClash.conflicts.map((c) => c.id)).toEqual(['en/kubernetes'])
    expect(builtinClash.conflicts[0]?.message).toMatch(/built-in/)
  })

  it('imports a folder read in the page: ids from the path after the folder name', async () => {
    t = startCore()
    const files = [
      { path: 'ops/README.md', text: '# Ops\n- [ ] a\n' },
      { path: 'ops/k8s/README.md', text: '# K8s\n- [ ] b\n' },
      { path: 'ops/logo.png', text: 'ignored' },
      { path: 'ops/.github/PULL_REQUEST_TEMPLATE.md', text: '# PR\n- [ ] tests' },
      { path: 'ops/../../etc/passwd.md', text: '# x' },
    ]
    const out = await t.call('runbooks.importFiles', { files })
    expect(out.new).toEqual(['en/readme', 'en/k8s/readme'])
    expect(out.failed.map((f) => f.source)).toEqual(['ops/../../etc/passwd.md'])
    expect(out.imported[1]?.summary).toMatchObject({ path: 'ops/k8s/README.md' })
    const again = await t.call('runbooks.importFiles', { files: files.slice(0, 2) })
    expect(again.unchanged).toEqual(['en/readme', 'en/k8s/readme'])
  })

  it('a version stored before migration 6 (no SHA-256) is matched by its text', async () => {
    t = startCore()
    const text = '# Old\n- [ ] kept\n'
    await t.call('runbooks.importText', { text, source: 'old.md' })
    const db = t.core.data.require().db
    db.prepare("UPDATE runbooks SET sha256 = NULL, path = NULL WHERE id = 'en/old'").run()
    const again = await t.call('runbooks.importText', { text, source: 'old.md' })
    expect(again.unchanged).toEqual(['en/old'])
    expect(again.imported[0]?.summary).toMatchObject({ version: 1, sha256: null })
    const edited = await t.call('runbooks.importText', {
      text: `${text}- [ ] new\n`,
      source: 'old.md',
    })
    expect(edited.changed).toEqual(['en/old'])
    expect(edited.imported[0]?.summary.sha256).toMatch(/^[0-9a-f]{64}$/)
  })
})
