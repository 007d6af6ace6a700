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
    // Inside core: the foundations know no domain; domains never reach rpc/, bridge/, core.ts.
    [
      'src/main/core/targets/x.ts',
      "import { SessionManager } from '../sessions/sessionManager'\nexport const a = SessionManager\n",
    ],
    ['src/main/core/store/x.ts', "import { Core } from '../core'\nexport const a = Core\n"],
    [
      'src/main/core/incidents/x.ts',
      "import { dispatch } from '../rpc/dispatch'\nexport const a = dispatch\n",
    ],
    [
      'src/main/core/sessions/ssh/x.ts',
      "import { Core } from '../../core'\nexport const a = Core\n",
    ],
    ['src/main/core/runbooks/x.ts', "import { app } from 'electron'\nexport const a = app\n"],
    // …and reach another domain only through its facade (<domain>/domain.ts).
    [
      'src/main/core/export/x.ts',
      "import { foldEvents } from '../incidents/projection'\nexport const a = foldEvents\n",
    ],
    [
      'src/main/core/runbooks/shell/x.ts',
      "import { kubectlSpawn } from '../../sessions/kubectl/kubectlCommand'\nexport const a = kubectlSpawn\n",
    ],
    // The domain list comes from the folders that have a facade: the newest domains are covered
    // (team, aws, redis) without anyone adding them to a list.
    [
      'src/main/core/team/x.ts',
      "import { Incidents } from '../incidents/incidents'\nexport const a = Incidents\n",
    ],
    [
      'src/main/core/aws/x.ts',
      "import { dispatch } from '../rpc/dispatch'\nexport const a = dispatch\n",
    ],
    [
      'src/main/core/store/x.ts',
      "import { TeamDomain } from '../team/domain'\nexport const a = TeamDomain\n",
    ],
    // Renderer features stand alone: no feature reaches into another, at any depth; ui/ and
    // stores/ never import a feature.
    [
      'src/renderer/src/features/checklist/X.tsx',
      "import { Grid } from '../grid/Grid'\nexport const a = Grid\n",
    ],
    [
      'src/renderer/src/features/grid/broadcast/x.ts',
      "import { Alerts } from '../../metrics/Alerts'\nexport const a = Alerts\n",
    ],
    [
      'src/renderer/src/features/timeline/x.ts',
      "import { Grid } from '../../features/grid/Grid'\nexport const a = Grid\n",
    ],
    [
      'src/renderer/src/ui/x.ts',
      "import { Grid } from '../features/grid/Grid'\nexport const a = Grid\n",
    ],
    [
      'src/renderer/src/stores/x.ts',
      "import { Grid } from '../features/grid/Grid'\nexport const a = Grid\n",
    ],
    // …and the renderer's own rules still hold inside a feature.
    [
      'src/renderer/src/features/grid/x.ts',
      "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n",
    ],
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
    [
      'src/renderer/src/features/checklist/X.tsx',
      "import { InlineError } from '../../ui/InlineError'\nexport const a = InlineError\n",
    ],
    [
      'src/main/core/sessions/x.ts',
      "import { Targets } from '../targets/targets'\nexport const a = Targets\n",
    ],
    ['src/main/core/rpc/x.ts', "import { Core } from '../core'\nexport const a = Core\n"],
    [
      'src/main/core/export/x.ts',
      "import { foldEvents } from '../incidents/domain'\nexport const a = foldEvents\n",
    ],
    [
      'src/main/core/sessions/ssh/x.ts',
      "import { HostTrust } from './hostTrust'\nimport { SshPool } from '../ssh/sshPool'\nexport const a = [HostTrust, SshPool]\n",
    ],
    [
      'src/renderer/src/features/grid/broadcast/x.ts',
      "import { useApp } from '../../../stores/appStore'\nimport { P } from '../PaneBar'\nexport const a = [useApp, P]\n",
    ],
    [
      'src/renderer/src/features/incident-header/X.tsx',
      "import { Alerts } from '../metrics/Alerts'\nexport const a = Alerts\n",
    ],
  ])('%s allows a permitted import', async (file, code) => {
    expect(await restrictedImportErrors(file, code)).toEqual([])
  })
})
