// Unknown host keys put to the responder: each question gets an id, is announced to the pages
// and waits for the answer (hostKeys.answer); unanswered in time counts as "do not trust".
import { randomUUID } from 'node:crypto'
import { NotFoundError } from '../../errors'
import type { UnknownHostKey } from './hostTrust'

/** The responder did not answer the host key question in time. */
const HOST_KEY_PROMPT_MS = 120_000

export interface HostKeyPromptsOptions {
  /** Tells the pages about the question (the hostKey.unknown event). */
  announce(question: UnknownHostKey & { requestId: string }): void
  /** How long a question waits for the answer. */
  timeoutMs?: number | undefined
}

export class HostKeyPrompts {
  private readonly pending = new Map<string, (trust: boolean) => void>()

  constructor(private readonly opts: HostKeyPromptsOptions) {}

  /** Puts the key to the responder; resolves with their answer, or false after the timeout. */
  ask(key: UnknownHostKey): Promise<boolean> {
    const requestId = randomUUID()
    return new Promise((resolve) => {
      const timer = setTimeout(() => answer(false), this.opts.timeoutMs ?? HOST_KEY_PROMPT_MS)
      const answer = (trust: boolean): void => {
        clearTimeout(timer)
        this.pending.delete(requestId)
        resolve(trust)
      }
      this.pending.set(requestId, answer)
      this.opts.announce({ requestId, ...key })
    })
  }

  answer(requestId: string, trust: boolean): { pending: boolean } {
    const answer = this.pending.get(requestId)
    if (!answer) throw new NotFoundError('That host key question (it may have timed out)')
    answer(trust)
    return { pending: this.pending.size > 0 }
  }
}
