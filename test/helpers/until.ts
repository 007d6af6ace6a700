// Waits for something a real service does in its own time: polls every 25 ms and fails with
// what it was waiting for once `ms` have passed. Returns the probe's first truthy value.
export async function until<T>(
  probe: () => T | undefined | null | false,
  what: string,
  ms = 15_000,
): Promise<T> {
  const start = Date.now()
  for (;;) {
    const v = probe()
    if (v) return v
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}
