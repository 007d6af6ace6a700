// Opening the pty of a kubectl or psql session, shared by the handlers (the responder asks)
// and the restore at start (Sitrep reopens what was open when it stopped).
import type { KubectlTarget, PsqlTarget } from '../../../shared/contract'
import { kubectlSpawn, type KubectlOpen } from './kubectl/kubectlCommand'
import { requireProgram, spawnTool } from './kubectl/localTool'
import { psqlSpawn, type TunnelOpener } from './psql/psqlCommand'
import type { TerminalSource } from './terminalSource'

export interface OpenedTool {
  title: string
  source: TerminalSource
}

export function openKubectlSource(
  target: KubectlTarget,
  open: KubectlOpen,
  cols: number,
  rows: number,
): OpenedTool {
  const spec = kubectlSpawn(target, open)
  const file =
    open.mode === 'shell'
      ? spec.file
      : requireProgram(spec.file, 'Install kubectl, or set SITREP_KUBECTL to its full path.')
  const source = spawnTool({ file, args: spec.args, env: spec.env, cols, rows }, spec.cleanup)
  return { title: spec.title, source }
}

export async function openPsqlSource(
  target: PsqlTarget,
  password: string | null,
  opts: {
    readOnly: boolean
    tunnel: TunnelOpener
    sshName: (id: string) => string
    cols: number
    rows: number
  },
): Promise<OpenedTool> {
  const program = requireProgram(
    process.env.SITREP_PSQL?.trim() || 'psql',
    'Install the PostgreSQL client (Debian: apt-get install postgresql-client), or set SITREP_PSQL to its full path.',
  )
  const spec = await psqlSpawn(target, password, {
    readOnly: opts.readOnly,
    tunnel: opts.tunnel,
    sshName: opts.sshName,
  })
  const source = spawnTool(
    { file: program, args: spec.args, env: spec.env, cols: opts.cols, rows: opts.rows },
    spec.cleanup,
  )
  return { title: spec.title, source }
}
