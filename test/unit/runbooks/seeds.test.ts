// Every seed runbook imports with its phases, steps and commands recognised. Counts and
// titles below were checked by reading each seed by hand.
import { describe, expect, it } from 'vitest'
import {
  allCommands,
  allSections,
  allSteps,
  parseRunbook,
  type Command,
  type Runbook,
} from '../../../src/main/core/runbooks'
import { readSeed, seedsPresent } from './seedFiles'

function load(prefix: string): Runbook {
  const { name, bytes } = readSeed(prefix)
  return parseRunbook(bytes, name)
}

const runnable = (rb: Runbook): Command[] => allCommands(rb).filter((c) => c.runnable)
const commandAt = (rb: Runbook, line: number): Command => {
  const c = allCommands(rb).find((x) => x.line === line)
  if (!c) throw new Error(`no command at line ${line}`)
  return c
}
const childTitles = (rb: Runbook): string[] => (rb.sections[0]?.children ?? []).map((s) => s.title)

describe.skipIf(!seedsPresent)('seed runbooks', () => {
  it('000: whole bash scripts become runnable commands, markdown templates do not', () => {
    const rb = load('000')
    expect(rb.title).toBe('インシデント対応フロー')
    expect(rb.warnings).toEqual([])
    expect(childTitles(rb)).toEqual([
      '概要',
      'インシデント分類',
      '対応フロー',
      '連絡体制',
      '継続的改善',
    ])
    expect(allSections(rb)).toHaveLength(28)
    expect(allCommands(rb)).toHaveLength(8)
    expect(runnable(rb)).toHaveLength(6)
    const script = commandAt(rb, 40)
    expect(script.kind).toBe('shell')
    expect(script.code.split('\n')[0]).toBe('#!/bin/bash')
    // `${services[@]}` is a shell array, `[ $status -eq 1 ]` a test: neither is a parameter.
    expect(commandAt(rb, 205).parameters).toEqual([])
    expect(commandAt(rb, 153).danger.dangerous).toBe(true) // docker-compose restart
    expect(commandAt(rb, 104).danger.dangerous).toBe(false) // SELECT … tup_deleted
    expect(commandAt(rb, 260)).toMatchObject({ language: 'markdown', runnable: false })
  })

  it('001: phases, the python block shown only, the checklist and stray trailing lines', () => {
    const rb = load('001')
    expect(rb.title).toBe('障害対応フロー (Incident Response Flow)')
    expect(rb.warnings).toEqual([])
    const process = rb.sections[0]?.children.find((s) => s.title === '障害対応プロセス')
    expect(process?.children.map((s) => s.title)).toEqual([
      'Phase 1: 検知・評価 (Detection & Assessment)',
      'Phase 2: 対応・復旧 (Response & Recovery)',
      'Phase 3: フォローアップ (Follow-up)',
    ])
    expect(allCommands(rb)).toHaveLength(8)
    expect(runnable(rb)).toHaveLength(6)
    expect(commandAt(rb, 55)).toMatchObject({ language: 'python', runnable: false })
    // Indented fences under numbered items (not task items) belong to the section.
    expect(commandAt(rb, 83).code).toContain('journalctl -u mks-backend')
    expect(commandAt(rb, 83).stepId).toBeUndefined()
    expect(commandAt(rb, 118).danger.dangerous).toBe(true) // systemctl restart
    expect(allSteps(rb).map((s) => s.text)).toEqual([
      'サービス起動確認',
      '機能テスト実行',
      'パフォーマンス確認',
      'ユーザー影響確認',
    ])
    const last = allSections(rb).at(-1)
    expect(last?.title).toBe('外部連絡先')
    expect(last?.blocks.at(-1)).toMatchObject({ kind: 'markdown' })
  })

  it('002: each checklist item carries its indented bash block; [SERVICE_NAME] is a parameter', () => {
    const rb = load('002')
    expect(rb.title).toBe('インシデント対応 Runbook')
    expect(rb.warnings).toEqual([])
    expect(allCommands(rb)).toHaveLength(20)
    expect(runnable(rb)).toHaveLength(19)
    const first = rb.sections[0]?.children
      .find((s) => s.title.includes('チェックリスト型対応手順'))
      ?.children.find((s) => s.title.startsWith('✅'))
    expect(first?.steps.map((s) => s.text)).toEqual([
      '**1. アラート確認**',
      '**2. 影響範囲特定**',
      '**3. インシデント宣言**',
      '**4. 関係者通知**',
      '**5. 対応記録開始**',
    ])
    for (const step of first?.steps ?? []) {
      expect(step.commands).toHaveLength(1)
      expect(step.commands[0]).toMatchObject({ kind: 'shell', stepId: step.id })
    }
    expect(first?.steps[1]?.commands[0]?.code).toMatch(/^# サービス状態確認\nfor svc in/)
    const declare = first?.steps[2]?.commands[0]
    expect(declare?.parameters[0]).toMatchObject({
      name: 'SEVERITY',
      syntax: 'choice',
      line: 62,
      options: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'],
    })
    const restart = commandAt(rb, 29)
    expect(restart.parameters).toEqual([{ name: 'SERVICE_NAME', syntax: 'square', line: 31 }])
    expect(restart.danger.dangerous).toBe(true) // kubectl rollout restart
    expect(commandAt(rb, 130).danger.reasons.join()).toMatch(/pg_terminate_backend/)
    expect(commandAt(rb, 181).danger.reasons.join()).toMatch(/Redis/) // FLUSHDB, CONFIG SET
    expect(commandAt(rb, 306)).toMatchObject({ language: '', runnable: false }) // report template
    expect(allSteps(rb)).toHaveLength(12)
  })

  it('003: Phase 1–5 under 障害対応フロー, Slack templates not runnable', () => {
    const rb = load('003')
    expect(rb.title).toBe('PeopleBooster 障害対応フロー')
    expect(rb.warnings).toEqual([])
    const flow = rb.sections[0]?.children.find((s) => s.title === '障害対応フロー')
    expect(flow?.children.map((s) => s.title.split(':')[0])).toEqual([
      'Phase 1',
      'Phase 2',
      'Phase 3',
      'Phase 4',
      'Phase 5',
    ])
    expect(allCommands(rb)).toHaveLength(7)
    expect(runnable(rb)).toHaveLength(5)
    expect(commandAt(rb, 57)).toMatchObject({ language: '', runnable: false })
    expect(commandAt(rb, 28).code).toContain('aws ecs describe-services')
    // Scaling the ECS service out is state-changing (the word list used to miss `aws … update-*`);
    // every other runnable block only reads or is unknown.
    expect(
      runnable(rb)
        .filter((c) => c.danger.dangerous)
        .map((c) => c.line),
    ).toEqual([123])
    expect(allSteps(rb)).toHaveLength(0)
  })

  it('004: [ ] items are steps, section 3 has its SQL, pg_terminate_backend is dangerous', () => {
    const rb = load('004')
    expect(rb.title).toBe('Runbook: TODO API 障害対応')
    expect(rb.warnings).toEqual([])
    expect(allCommands(rb)).toHaveLength(13)
    expect(runnable(rb)).toHaveLength(13)
    const prep = rb.sections[0]?.children.find((s) => s.title === '事前準備（チェックリスト）')
    expect(prep?.steps).toHaveLength(6)
    expect(prep?.steps[0]).toMatchObject({ text: 'ログへのアクセス権限', line: 27, checked: false })
    expect(allSteps(rb)).toHaveLength(11)
    // Tables stay as Markdown text of their section, for display.
    const contacts = rb.sections[0]?.children.find((s) => s.title === '連絡先・エスカレーション')
    expect(contacts?.blocks[0]).toMatchObject({ kind: 'markdown', line: 10 })
    const patterns = rb.sections[0]?.children.find((s) => s.title === '障害パターン別対応')
    const db = patterns?.children.find((s) => s.title === '3. DBに繋がらない')
    const full = db?.children.find((s) => s.title === '接続数が上限に達している場合')
    const sql = full?.commands[0]
    expect(sql).toMatchObject({ kind: 'sql', line: 226, runnable: true })
    expect(sql?.code).toContain('SELECT pid, usename, application_name')
    expect(sql?.danger.dangerous).toBe(true)
    expect(sql?.danger.reasonsJa[0]).toContain('データベース')
    const check = db?.children.find((s) => s.title === '初動確認（5分以内）')?.commands[0]
    expect(check?.parameters.map((p) => [p.name, p.syntax, p.line])).toEqual([
      ['postgres_container_id', 'angle', 187],
      ['db_host', 'angle', 190],
    ])
    expect(commandAt(rb, 47).parameters).toEqual([
      { name: 'container_id', syntax: 'angle', line: 53 },
    ])
    expect(commandAt(rb, 414).danger.dangerous).toBe(false) // docker exec -it <id> /bin/sh
  })

  it('re-importing a seed keeps every id', () => {
    const ids = (rb: Runbook): string[] => [
      ...allSteps(rb).map((s) => s.id),
      ...allCommands(rb).map((c) => c.id),
    ]
    expect(ids(load('002'))).toEqual(ids(load('002')))
    expect(new Set(ids(load('004'))).size).toBe(ids(load('004')).length)
  })
})
