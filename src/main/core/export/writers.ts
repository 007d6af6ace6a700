// The per-format writers. Each streams into an ExportSink page by page, reports progress, checks
// for cancellation between pages, and passes every text through the redactor on the way out.
import { isUtf8 } from 'node:buffer'
import type { Incident, Lang } from '../../../shared/incidents'
import type {
  JsonObject,
  JsonValue,
  PostmortemFields,
  TimelineEvent,
} from '../../../shared/contract'
import { hashEvent } from '../store/hashChain'
import { castEvent, castHeader, CastDecoder } from './asciicast'
import { BUNDLE_FORMAT, BUNDLE_VERSION } from './bundle'
import { CSV_HEADER, csvLine, csvRecord } from './csv'
import type { ExportData, SessionRecord } from './exportData'
import { htmlParts, type ChartInput } from './html'
import { markdownParts } from './markdown'
import { eventText } from './eventText'
import { defaultFields, postmortemFacts } from './postmortem'
import { buildDoc, titles } from './postmortemDoc'
import type { Redactor } from './redact'
import { redactJson } from './redactJson'
import { ByteStreamRedactor, type JudgedChunk } from './redactBytes'
import { headMessage, maskedMessage, type ChainSignature, type InstallSigner } from './signing'
import type { ExportSink } from './sink'

export interface WriteContext {
  data: ExportData
  incident: Incident
  lang: Lang
  timeZone: string
  redactor: Redactor
  /** The saved postmortem edits, if any. */
  postmortem: {
    lang: Lang
    fields: PostmortemFields
    updatedAt: number
    updatedBy: string | null
  } | null
  origin: { id: string; name: string; app: string }
  /** Signs the bundle's chain head and masked events (JSON bundles only). */
  signing?: { signer: InstallSigner; received: ChainSignature[] }
  now: number
  /** Counts what was masked. */
  masked: { n: number }
  /** Adds to the progress counter (events or transcript bytes); throws when cancelled. */
  step(phase: 'events' | 'transcripts', amount: number): Promise<void>
}

/** The redactor as a plain text filter that counts. */
export function cleaner(ctx: WriteContext): (s: string) => string {
  return (s) => {
    const r = ctx.redactor.redact(s)
    ctx.masked.n += r.spans.length
    return r.text
  }
}

async function* eventPages(ctx: WriteContext): AsyncGenerator<TimelineEvent[]> {
  let after = 0
  for (;;) {
    const page = ctx.data.eventPage(ctx.incident.id, after)
    if (!page.length) return
    yield page
    await ctx.step('events', page.length)
    after = (page[page.length - 1] as TimelineEvent).seq
  }
}

function documentOf(ctx: WriteContext, charts: boolean): ReturnType<typeof buildDoc> {
  const events = ctx.data.allEvents(ctx.incident.id)
  const facts = postmortemFacts(ctx.incident, events, ctx.lang, ctx.timeZone)
  const fields = ctx.postmortem?.fields ?? defaultFields(ctx.incident, facts)
  return buildDoc(facts, fields, ctx.lang, cleaner(ctx), { charts })
}

export async function writeMarkdown(ctx: WriteContext, sink: ExportSink): Promise<void> {
  const doc = documentOf(ctx, false)
  for (const part of markdownParts(doc)) await sink.write(part)
  await ctx.step('events', ctx.data.eventCount(ctx.incident.id))
}

function chartInput(ctx: WriteContext, events: readonly TimelineEvent[]): ChartInput {
  const inc = ctx.incident
  const start = Math.min(inc.occurredAt ?? inc.detectedAt, inc.detectedAt, inc.declaredAt)
  const end = inc.resolvedAt ?? inc.closedAt ?? Math.max(inc.updatedAt, start)
  const window = { from: start - 30 * 60_000, to: end + 30 * 60_000 }
  const t = titles[ctx.lang]
  const pinned = new Set(inc.pinned)
  const clean = cleaner(ctx)
  // Key events: the incident's milestones, every status and severity change, pinned events.
  const markers = [
    { at: inc.declaredAt, label: t.declared },
    ...(inc.occurredAt !== null ? [{ at: inc.occurredAt, label: t.occurred }] : []),
    ...(inc.resolvedAt !== null ? [{ at: inc.resolvedAt, label: t.recovered }] : []),
    ...events
      .filter(
        (e) =>
          e.kind === 'incident.status_changed' ||
          e.kind === 'incident.severity_changed' ||
          pinned.has(e.uid),
      )
      // Labels are event text: masked like every other text.
      .map((e) => ({ at: e.at, label: clean(eventText(e, ctx.lang)) })),
  ]
  return { samples: ctx.data.metricSamples(window.from, window.to), markers, window }
}

export async function writeHtml(ctx: WriteContext, sink: ExportSink): Promise<void> {
  const doc = documentOf(ctx, true)
  const charts = chartInput(ctx, ctx.data.allEvents(ctx.incident.id))
  for (const part of htmlParts(doc, charts, titles[ctx.lang].metrics)) await sink.write(part)
  await ctx.step('events', ctx.data.eventCount(ctx.incident.id))
}

export async function writeCsv(ctx: WriteContext, sink: ExportSink): Promise<void> {
  const clean = cleaner(ctx)
  // A byte order mark lets spreadsheet programs read the Japanese text as UTF-8.
  await sink.write(`\ufeff${csvLine(CSV_HEADER)}`)
  for await (const page of eventPages(ctx)) {
    await sink.write(page.map((e) => csvRecord(e, ctx.lang, clean)).join(''))
  }
}

interface ChunkTag {
  at: number
  direction: 'o' | 'i' | 'r'
}

/**
 * A session's chunks in order, judged for secrets with the bytes around them; with `json`, each
 * with its bytes as JSON string text (JudgedChunk.json).
 */
async function* judgedChunks(
  ctx: WriteContext,
  s: SessionRecord,
  json = false,
): AsyncGenerator<JudgedChunk<ChunkTag>> {
  const stream = new ByteStreamRedactor<ChunkTag>(ctx.redactor, undefined, json)
  try {
    let after = 0
    for (;;) {
      const page = ctx.data.chunkPage(s.id, after)
      if (!page.length) break
      let bytes = 0
      for (const c of page) {
        bytes += c.data.byteLength
        for (const r of stream.push(c.data, c.direction, { at: c.at, direction: c.direction })) {
          ctx.masked.n += r.masked?.spans.length ?? 0
          yield r
        }
      }
      after = (page[page.length - 1] as { id: number }).id
      await ctx.step('transcripts', bytes)
    }
    for (const r of stream.flush()) {
      ctx.masked.n += r.masked?.spans.length ?? 0
      yield r
    }
  } finally {
    // Every chunk yielded has been written (the caller asks for the next one after): the
    // memory its JSON was a view of may go to the next session.
    stream.close()
  }
}

export async function writeCast(
  ctx: WriteContext,
  sink: ExportSink,
  s: SessionRecord,
): Promise<void> {
  await sink.write(castHeader(s, cleaner(ctx)(s.title)))
  const clock = new CastDecoder(s.startedAt)
  const decoder = new TextDecoder()
  for await (const c of judgedChunks(ctx, s, true)) {
    if (!c.masked && c.json && isUtf8(c.piece)) {
      // Valid UTF-8, escaped as bytes (as JSON.stringify escapes its text) by the redactor.
      if (c.piece.length === 0) continue
      sink.put(`[${clock.seconds(c.tag.at)},"${c.tag.direction}","`)
      sink.put(c.json)
      await sink.write('"]\n')
      continue
    }
    // The piece ends where a character does, so decoding it alone gives the streamed text
    // (with U+FFFD for broken sequences).
    const text = c.masked ? c.masked.text : decoder.decode(c.piece)
    if (text === '') continue
    await sink.write(castEvent(clock.seconds(c.tag.at), c.tag.direction, text))
  }
}

export async function writeJson(ctx: WriteContext, sink: ExportSink): Promise<void> {
  const clean = cleaner(ctx)
  const incident = redactJson(ctx.incident as unknown as JsonValue, clean).value
  const postmortem = ctx.postmortem
    ? {
        ...ctx.postmortem,
        fields: redactJson(ctx.postmortem.fields as unknown as JsonValue, clean).value,
      }
    : null
  // Written by hand around the arrays so 50 MB of transcripts never sit in one string.
  const head = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: ctx.now,
    origin: ctx.origin,
    incident,
    postmortem,
  }
  await sink.write(`${JSON.stringify(head).slice(0, -1)},\n"events":[\n`)
  let events = 0
  /** seq → hash of every event written, to keep only received signatures still in this chain. */
  const hashes = new Map<number, string>()
  let lastEvent: TimelineEvent | null = null
  const signer = ctx.signing?.signer
  /** An event's line with its payload masked (and signed when it was). */
  const masked = (e: TimelineEvent): string => {
    const r = redactJson(e.payload, clean)
    const { incidentId: _omit, ...rest } = e
    void _omit
    if (!r.changed) return JSON.stringify({ ...rest, payload: r.value })
    // The original's hash stays (the chain links it); the masked form gets a signature.
    const maskedHash = hashEvent({ ...e, payload: r.value as JsonObject }) ?? ''
    const maskedSignature = signer?.sign(maskedMessage(e.uid, e.hash, maskedHash))
    return JSON.stringify({
      ...rest,
      payload: r.value,
      redacted: true,
      ...(maskedSignature ? { maskedSignature } : {}),
    })
  }
  for await (const page of eventPages(ctx)) {
    // The payloads are scanned for the redaction rules' trigger words as JSON bytes, a page at a
    // time: JSON escapes only quotes, backslashes and control characters, which no trigger word
    // holds, so a word in a payload string is in its JSON as it is. Only the payloads, not the
    // whole lines: a time zone such as "Asia/Tokyo" holds a trigger word (AWS's ASIA keys).
    // Where a payload holds one (or a rule always runs), its every string is redacted as before.
    const payloads = page.map((e) => JSON.stringify(e.payload))
    const pageClean = ctx.redactor.mayMatchBytes(Buffer.from(payloads.join('\n'))) === null
    const lines = page.map((e, i) => {
      hashes.set(e.seq, e.hash)
      lastEvent = e
      if (!pageClean && ctx.redactor.mayMatchBytes(Buffer.from(payloads[i] as string)) !== null)
        return masked(e)
      const { incidentId: _omit, ...rest } = e
      void _omit
      return JSON.stringify(rest)
    })
    await sink.write(`${events ? ',\n' : ''}${lines.join(',\n')}`)
    events += page.length
  }
  await sink.write('\n],\n"sessions":[\n')
  let chunks = 0
  const sessions = ctx.data.sessions(ctx.incident.id)
  for (const [i, s] of sessions.entries()) {
    const meta = JSON.stringify({ ...s, title: clean(s.title) })
    await sink.write(`${i ? ',\n' : ''}${meta.slice(0, -1)},"chunks":[`)
    let n = 0
    for await (const c of judgedChunks(ctx, s)) {
      // Untouched chunks keep their exact bytes; masked ones carry the masked text. Written as
      // JSON.stringify([at, direction, base64]) would write it: nothing in it needs escaping.
      const bytes = c.masked ? Buffer.from(c.masked.text, 'utf8') : c.bytes
      sink.put(`${n++ ? ',' : ''}\n[${c.tag.at},"${c.tag.direction}","`)
      sink.putBase64(bytes)
      await sink.write('"]')
    }
    chunks += n
    await sink.write(']}')
  }
  const signatures: ChainSignature[] = []
  const last = lastEvent as TimelineEvent | null
  if (ctx.signing && last) {
    // Received signatures whose head is still this chain's event at that seq travel on.
    for (const s of ctx.signing.received)
      if (hashes.get(s.seq) === s.hash && s.install !== ctx.origin.id) signatures.push(s)
    signatures.push({
      install: ctx.origin.id,
      name: ctx.origin.name,
      publicKey: ctx.signing.signer.publicKey,
      seq: last.seq,
      hash: last.hash,
      signature: ctx.signing.signer.sign(headMessage(ctx.incident.id, last.seq, last.hash)),
    })
  }
  await sink.write(
    `\n],\n"signatures":${JSON.stringify(signatures)},\n"end":${JSON.stringify({ events, chunks, masked: ctx.masked.n })}}\n`,
  )
}
