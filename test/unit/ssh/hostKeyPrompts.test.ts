// Unknown host keys wait for the responder: the answer resolves the question, silence past the
// timeout is "do not trust", and an answer to a question that is gone is refused.
import { describe, expect, it } from 'vitest'
import { HostKeyPrompts } from '../../../src/main/core/sessions/ssh/hostKeyPrompts'

const key = {
  host: '127.0.0.1',
  port: 2222,
  keyType: 'ssh-ed25519',
  fingerprint: 'SHA256:abc',
  knownTypes: [],
}

describe('host key prompts', () => {
  it('announces each question and resolves it with the answer', async () => {
    const asked: { requestId: string; host: string }[] = []
    const prompts = new HostKeyPrompts({ announce: (q) => asked.push(q) })
    const first = prompts.ask(key)
    const second = prompts.ask({ ...key, port: 2223 })
    expect(asked.map((q) => q.host)).toEqual(['127.0.0.1', '127.0.0.1'])
    expect(asked[0]!.requestId).not.toBe(asked[1]!.requestId)
    expect(prompts.answer(asked[0]!.requestId, true)).toEqual({ pending: true })
    expect(prompts.answer(asked[1]!.requestId, false)).toEqual({ pending: false })
    expect(await first).toBe(true)
    expect(await second).toBe(false)
    // Answered once: a second answer has nothing to answer.
    expect(() => prompts.answer(asked[0]!.requestId, true)).toThrow(/may have timed out/)
  })

  it('counts silence past the timeout as "do not trust"', async () => {
    const asked: string[] = []
    const prompts = new HostKeyPrompts({ announce: (q) => asked.push(q.requestId), timeoutMs: 20 })
    expect(await prompts.ask(key)).toBe(false)
    expect(() => prompts.answer(asked[0]!, true)).toThrow(/may have timed out/)
  })
})
