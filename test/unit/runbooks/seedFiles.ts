// Finds the seed runbooks (../shared/seeds beside the repo). In CI a missing folder is a
// failure, never a silent skip; on a laptop without it the seed tests skip and say why.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

export const SEED_DIR = path.resolve(import.meta.dirname, '../../../../shared/seeds')
export const seedsPresent = existsSync(SEED_DIR)

if (!seedsPresent) {
  const why = `Seed runbooks not found at ${SEED_DIR}: clone the shared folder beside the repo.`
  if (process.env.CI === 'true') throw new Error(why)
  console.warn(`Skipping seed runbook tests. ${why}`)
}

export function readSeed(prefix: string): { name: string; bytes: Buffer } {
  const name = [
    '000_6f9d7d585f68710e.txt',
    '001_a51144b8b040a134.txt',
    '002_e8f23369b20ca26f.txt',
    '003_0e36ad38e8ac1efd.txt',
    '004_82e1498cf9a79404.txt',
  ].find((n) => n.startsWith(prefix))
  if (!name) throw new Error(`No seed file starts with ${prefix}`)
  return { name, bytes: readFileSync(path.join(SEED_DIR, name)) }
}
