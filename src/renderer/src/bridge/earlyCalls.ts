// The first screen's calls over plain HTTP, sent by the entry (main.tsx) before the app's code
// or the socket's worker has loaded; why, and how nothing is lost before the socket opens, is in
// core/bridge/earlyCalls.ts. api.ts answers the stores' first calls with these replies (same
// method and parameters); a call whose early answer failed goes over the socket as usual.
import type { ReplyMessage } from '../../../shared/contract'
import { EARLY_CALLS_PATH, EARLY_TOKEN_HEADER } from '../../../shared/earlyCalls'
import { callKey, type FirstCall } from '../stores/firstScreen'

/** Call key → its reply, or null when the early request failed (then the socket asks). */
const answers = new Map<string, Promise<ReplyMessage | null>>()

/**
 * A random key naming this page load, as the bridge expects it (a UUID in lower case). The page
 * is served from a loopback address, a secure context, where randomUUID exists.
 */
export function newLoadKey(): string {
  return crypto.randomUUID()
}

/** Sends the first screen's calls now; their replies wait for the stores in `answers`. */
export function askEarly(token: string, key: string, calls: FirstCall[]): void {
  if (!calls.length) return
  performance.mark('sitrep.firstCallsSent')
  const reply = fetch(EARLY_CALLS_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [EARLY_TOKEN_HEADER]: token },
    body: JSON.stringify({
      key,
      calls: calls.map((c, i) => ({ id: i + 1, method: c.method, params: c.params })),
    }),
    credentials: 'same-origin',
    cache: 'no-store',
  })
    .then(async (res) => {
      if (!res.ok) return null
      const { replies } = (await res.json()) as { replies?: ReplyMessage[] }
      markAnswered()
      return Array.isArray(replies) ? replies : null
    })
    .catch(() => null)
  calls.forEach((c, i) =>
    answers.set(
      callKey(c.method, c.params),
      reply.then((rs) => rs?.find((r) => r.id === i + 1) ?? null),
    ),
  )
}

/**
 * The early reply for this call, taken once (a second identical call asks the core again), or
 * null when the entry sent no such call.
 */
export function takeEarlyReply(
  method: string,
  params: unknown,
): Promise<ReplyMessage | null> | null {
  const key = callKey(method, params)
  const answer = answers.get(key)
  if (!answer) return null
  answers.delete(key)
  return answer
}

/**
 * The first page's milestone for the benchmark (bench/timeline-100k.ts): when the answer came off
 * the network, from resource timing; the page's main thread may hear of it only later.
 */
function markAnswered(): void {
  const entry = performance
    .getEntriesByType('resource')
    .find((e) => e.name.endsWith(EARLY_CALLS_PATH)) as PerformanceResourceTiming | undefined
  performance.mark('sitrep.firstPage', entry ? { startTime: entry.responseEnd } : undefined)
}
