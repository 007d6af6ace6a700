// Redaction of JSON values (event payloads, the incident, postmortem fields) string by string.
import type { JsonObject, JsonValue } from '../../../shared/contract'

/** Masks every string in a JSON value; says whether anything changed. */
export function redactJson(
  v: JsonValue,
  clean: (s: string) => string,
): { value: JsonValue; changed: boolean } {
  if (typeof v === 'string') {
    const out = clean(v)
    return { value: out, changed: out !== v }
  }
  if (Array.isArray(v)) {
    let changed = false
    const value = v.map((x) => {
      const r = redactJson(x, clean)
      changed ||= r.changed
      return r.value
    })
    return { value, changed }
  }
  if (v && typeof v === 'object') {
    let changed = false
    const value: JsonObject = {}
    for (const [k, x] of Object.entries(v)) {
      const r = redactJson(x, clean)
      changed ||= r.changed
      value[k] = r.value
    }
    return { value, changed }
  }
  return { value: v, changed: false }
}
