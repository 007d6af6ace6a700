// A sandboxed preload can require only 'electron': anything else makes window.sitrep vanish in
// the app while every browser test stays green. Checks the built bundle itself.
import { readFileSync } from 'node:fs'
import { expect, test } from './fixtures'

test('the built preload requires nothing but electron', async ({}, testInfo) => {
  testInfo.skip(testInfo.project.name !== 'chromium', 'checked once')
  const bundle = readFileSync('out/preload/index.cjs', 'utf8')
  const required = [...bundle.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])
  expect(required.length).toBeGreaterThan(0)
  expect(new Set(required)).toEqual(new Set(['electron']))
  expect(bundle).toContain('exposeInMainWorld')
})
