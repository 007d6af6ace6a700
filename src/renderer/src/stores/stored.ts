// A value kept in this browser's localStorage across reloads. Storage can be disabled or full:
// then nothing is remembered, and the page still works.

export function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

/** Keeps `value` under `key`; null forgets it. */
export function writeStored(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key)
    else localStorage.setItem(key, value)
  } catch {
    // Not remembered across reloads; the page still works.
  }
}
