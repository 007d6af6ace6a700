// The redaction preview: everything an export of the incident could carry (title, description,
// every event, the postmortem edits, every transcript) run through the same redactor, returning
// what would be masked — kind, where, and an excerpt already masked — before anything is written.
import type {
  JsonValue,
  RedactionFinding,
  RedactionKind,
  RedactionPreview,
} from '../../../shared/contract'
import type { Incident } from '../../../shared/incidents'
import { CastDecoder } from './asciicast'
import type { ExportData } from './exportData'
import type { SavedPostmortem } from './postmortemStore'
import { excerptOf, type Redactor } from './redact'
import { StreamRedactor } from './redactStream'

const MAX_FINDINGS = 200

function strings(v: JsonValue, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v)
  else if (Array.isArray(v)) for (const x of v) strings(x, out)
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out)
  return out
}

export async function previewRedaction(
  data: ExportData,
  inc: Incident,
  postmortem: SavedPostmortem | null,
  redactor: Redactor,
  knownSecrets: number,
): Promise<RedactionPreview> {
  const findings: RedactionFinding[] = []
  const byKind: Partial<Record<RedactionKind, number>> = {}
  let total = 0
  const look = (text: string, where: string): void => {
    for (const span of redactor.find(text)) {
      total++
      byKind[span.kind] = (byKind[span.kind] ?? 0) + 1
      if (findings.length < MAX_FINDINGS)
        findings.push({ kind: span.kind, where, excerpt: excerptOf(text, span) })
    }
  }
  look(inc.title, 'incident title')
  look(inc.description, 'incident description')
  if (postmortem)
    for (const s of strings(postmortem.fields as unknown as JsonValue)) look(s, 'postmortem')
  let after = 0
  for (;;) {
    const page = data.eventPage(inc.id, after)
    if (!page.length) break
    for (const e of page) for (const s of strings(e.payload)) look(s, `event #${e.seq} (${e.kind})`)
    after = page[page.length - 1]?.seq ?? after
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
  for (const s of data.sessions(inc.id)) {
    look(s.title, `session ${s.title}`)
    const decoder = new CastDecoder(s.startedAt)
    const stream = new StreamRedactor<{ text: string; dir: string }>(redactor)
    const where = (dir: string): string => `session ${s.title} ${dir === 'i' ? 'input' : 'output'}`
    const report = (r: {
      tag: { text: string; dir: string }
      spans: { start: number; end: number; kind: RedactionKind }[]
    }): void => {
      for (const span of r.spans) {
        total++
        byKind[span.kind] = (byKind[span.kind] ?? 0) + 1
        if (findings.length < MAX_FINDINGS)
          findings.push({
            kind: span.kind,
            where: where(r.tag.dir),
            excerpt: excerptOf(r.tag.text, span),
          })
      }
    }
    let id = 0
    for (;;) {
      const page = data.chunkPage(s.id, id)
      if (!page.length) break
      for (const c of page) {
        const text = decoder.text(c)
        for (const r of stream.push(text, { text, dir: c.direction })) report(r)
      }
      id = page[page.length - 1]?.id ?? id
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    for (const r of stream.flush()) report(r)
  }
  return { total, byKind, findings, knownSecrets }
}
