// Status update drafts list what the timeline says was done, in the words the timeline and the
// exports use (src/shared/eventText.ts): runbook commands with their
// outcome per target, hand ticks, broadcast lines; progress updates only what is new since the
// last posted update.
import { describe, expect, it } from 'vitest'
import { describeAction } from '../../../src/main/core/incidents/actionsTaken'
import { declareInput, MIN, setup } from './setup'

const ran = (command: string, targets: { name: string; exitCode: number | null }[]) => ({
  kind: 'command.ran',
  payload: { runbookId: 'db', stepId: 's1', commandId: 'c1', command, targets },
})

describe('actions taken, from the timeline', () => {
  it('describes runs, ticks and broadcasts in both languages and skips auto ticks', () => {
    const row = (kind: string, payload: unknown) => ({ kind, payload: JSON.stringify(payload) })
    expect(
      describeAction(
        row('command.ran', {
          command: 'pg_isready -h db-1\necho done',
          targets: [
            { name: 'web-1', exitCode: 0 },
            { name: 'web-2', exitCode: 2 },
          ],
        }),
        'en',
      ),
    ).toBe('Command: pg_isready -h db-1 … on web-1, web-2 — failed on web-2')
    expect(
      describeAction(
        row('command.ran', { name: 'check-disk', targets: [{ name: 'db-1', exitCode: 0 }] }),
        'ja',
      ),
    ).toBe('コマンド: check-disk（db-1）— 成功')
    expect(
      describeAction(
        row('checklist.ticked', { stepText: 'Tell support', comment: 'via Slack' }),
        'en',
      ),
    ).toBe('Step done: Tell support — via Slack')
    expect(describeAction(row('checklist.ticked', { stepText: 'x', auto: true }), 'en')).toBeNull()
    // An older shape: the target names in `targets`.
    expect(
      describeAction(
        row('broadcast.line', { text: 'systemctl status nginx', targets: ['a', 'b', 'c'] }),
        'ja',
      ),
    ).toBe('一斉入力: systemctl status nginx → 3 ペイン（a, b, c）')
    // Foreign or broken payloads never break a draft.
    expect(describeAction({ kind: 'command.ran', payload: '{not json' }, 'en')).toBeNull()
    expect(describeAction(row('command.ran', { targets: 'nope' }), 'en')).toBeNull()
  })

  it('counts and names the panes of a broadcast line as sessions.broadcastLine stores it', () => {
    const row = (payload: unknown) => ({ kind: 'broadcast.line', payload: JSON.stringify(payload) })
    // The shape the sessions.broadcastLine handler writes (it was read as "0 panes").
    const stored = {
      text: 'uptime',
      sessionIds: ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'],
      sessions: ['web-1 (ops@10.0.0.1)', 'web-2 (ops@10.0.0.2)'],
      count: 2,
    }
    expect(describeAction(row(stored), 'en')).toBe(
      'Broadcast: uptime → 2 panes (web-1 (ops@10.0.0.1), web-2 (ops@10.0.0.2))',
    )
    expect(describeAction(row(stored), 'ja')).toBe(
      '一斉入力: uptime → 2 ペイン（web-1 (ops@10.0.0.1), web-2 (ops@10.0.0.2)）',
    )
    // Only ids, only a count, a bad count, many names, nothing at all: never "0 panes".
    expect(describeAction(row({ text: 'uptime', sessionIds: ['a', 'b', 'c'] }), 'en')).toBe(
      'Broadcast: uptime → 3 panes',
    )
    expect(describeAction(row({ text: 'uptime', count: 1 }), 'en')).toBe(
      'Broadcast: uptime → 1 pane',
    )
    expect(describeAction(row({ text: 'uptime', count: -3, sessions: ['a', 7, 'b'] }), 'en')).toBe(
      'Broadcast: uptime → 3 panes (a, b)',
    )
    const six = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6']
    expect(describeAction(row({ text: 'uptime', sessions: six, count: 6 }), 'en')).toBe(
      'Broadcast: uptime → 6 panes (h1, h2, h3, h4 and 2 more)',
    )
    expect(describeAction(row({ text: 'uptime', sessions: six, count: 6 }), 'ja')).toBe(
      '一斉入力: uptime → 6 ペイン（h1, h2, h3, h4 ほか 2 件）',
    )
    expect(
      describeAction(row({ text: 'uptime', targets: [{ name: 'db-1' }, { title: 'db-2' }] }), 'en'),
    ).toBe('Broadcast: uptime → 2 panes (db-1, db-2)')
    expect(describeAction(row({ text: 'uptime' }), 'en')).toBe('Broadcast: uptime')
    expect(describeAction(row({ text: 'uptime', count: 'two' }), 'ja')).toBe('一斉入力: uptime')
    for (const lang of ['en', 'ja'] as const)
      expect(describeAction(row(stored), lang)).not.toMatch(/\b0 (panes?|ペイン)/)
  })

  it('fills the draft: progress lists only what happened since the last posted update', () => {
    const { domain, incidents, timeline, time } = setup()
    const inc = incidents.declare(declareInput())
    time.advance(2 * MIN)
    const first = ran('systemctl restart api', [{ name: 'web-1', exitCode: 0 }])
    timeline.append(inc.id, first)
    timeline.append(inc.id, { kind: 'note', payload: { text: 'not an action' } })

    const before = domain.draftStatusUpdate(inc.id, { template: 'progress', lang: 'en' })
    expect(before.fields.actionsTaken).toEqual(['Command: systemctl restart api on web-1 — ok'])
    expect(before.text).toContain('Command: systemctl restart api on web-1 — ok')

    time.advance(MIN)
    incidents.postStatusUpdate(inc.id, {
      template: 'progress',
      lang: 'en',
      text: before.text,
      actor: 'aiko',
    })
    time.advance(MIN)
    timeline.append(inc.id, {
      kind: 'checklist.ticked',
      payload: { stepText: 'Scale the pool', comment: '' },
    })
    const after = domain.draftStatusUpdate(inc.id, { template: 'progress', lang: 'en' })
    expect(after.fields.actionsTaken).toEqual(['Step done: Scale the pool'])

    // The recovery report tells the whole story; what the responder typed still wins.
    const recovery = domain.draftStatusUpdate(inc.id, { template: 'recovery', lang: 'ja' })
    expect(recovery.fields.actionsTaken).toEqual([
      'コマンド: systemctl restart api（web-1）— 成功',
      '手順完了: Scale the pool',
    ])
    const typed = domain.draftStatusUpdate(inc.id, {
      template: 'recovery',
      lang: 'ja',
      overrides: { actionsTaken: ['手で書いた対応'] },
    })
    expect(typed.fields.actionsTaken).toEqual(['手で書いた対応'])
  })
})
