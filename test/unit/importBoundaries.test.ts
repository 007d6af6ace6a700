// The layering of ARCHITECTURE.md is enforced by lint, and this proves the lint really fails.
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

async function restrictedImportErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message)
}

describe('import boundaries', () => {
  it.each([
    ['src/main/core/store/x.ts', "import { app } from 'electron'\nexport const a = app\n"],
    ['src/main/core/x.ts', "import { api } from '../../renderer/src/api'\nexport const a = api\n"],
    [
      'src/renderer/src/x.ts',
      "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n",
    ],
    [
      'src/renderer/src/x.ts',
      "import { ipcRenderer } from 'electron'\nexport const a = ipcRenderer\n",
    ],
    [
      'src/renderer/src/x.ts',
      "import { Core } from '../../main/core/core'\nexport const a = Core\n",
    ],
    ['src/renderer/src/x.ts', "import Database from 'better-sqlite3'\nexport const a = Database\n"],
    ['src/shared/x.ts', "import { join } from 'node:path'\nexport const a = join\n"],
    ['src/preload/x.ts', "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n"],
  ])('%s refuses a forbidden import', async (file, code) => {
    expect(await restrictedImportErrors(file, code)).not.toHaveLength(0)
  })

  it.each([
    ['src/main/core/x.ts', "import { join } from 'node:path'\nexport const a = join\n"],
    ['src/main/electron/x.ts', "import { app } from 'electron'\nexport const a = app\n"],
    [
      'src/renderer/src/x.ts',
      "import { encodeFrame } from '../../shared/contract'\nexport const a = encodeFrame\n",
    ],
    [
      'src/preload/x.ts',
      "import { contextBridge } from 'electron'\nexport const a = contextBridge\n",
    ],
  ])('%s allows a permitted import', async (file, code) => {
    expect(await restrictedImportErrors(file, code)).toEqual([])
  })
})
