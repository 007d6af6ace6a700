// `npx sitrep-team`: what the team's PostgreSQL admin runs, once per server and once per
// responder. Plain Node, no Electron.
//
//   sitrep-team init          --host H [--port 5432] [--db D] --user ADMIN [--sslmode verify-full --ca FILE]
//                             [--cert FILE --key FILE]   (the admin's client certificate)
//   sitrep-team add-responder --host H ... --user ADMIN [--login password|cert] ROLE
//   sitrep-team version       --host H ... --user ADMIN
//
// Passwords are read from standard input, one per line (the admin's first, then the new
// responder's for add-responder with --login password), never from the command line, where
// `ps` shows them.
import { createInterface } from 'node:readline'
import pg from 'pg'
import { clientConfig, sslModes, type SslMode, type TeamServer } from './connection'
import {
  addResponder,
  initServerSchema,
  SERVER_SCHEMA_VERSION,
  serverSchemaVersion,
} from './serverSchema'

const usage = `usage:
  sitrep-team init          --host H [--port 5432] [--db postgres] --user ADMIN [--sslmode verify-full] [--ca FILE] [--cert FILE --key FILE]
  sitrep-team add-responder --host H ... --user ADMIN [--login password|cert] ROLE
  sitrep-team version       --host H ... --user ADMIN
Passwords come from standard input, one per line: the admin's (an empty line with --cert), then
(add-responder --login password, the default) the responder's. --login cert makes a role with no
password, for a responder whose certificate (CN = ROLE) pg_hba.conf accepts with \`cert\`.`

function parse(argv: string[]): {
  command: string
  server: TeamServer
  rest: string[]
  login: 'password' | 'cert'
} {
  const [command = '', ...args] = argv
  const flags = new Map<string, string>()
  const rest: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? ''
    if (a.startsWith('--')) {
      const v = args[++i]
      if (v === undefined) throw new Error(`${a} needs a value\n${usage}`)
      flags.set(a.slice(2), v)
    } else rest.push(a)
  }
  const host = flags.get('host')
  const user = flags.get('user')
  if (!host || !user) throw new Error(usage)
  const sslmode = (flags.get('sslmode') ?? 'verify-full') as SslMode
  if (!sslModes.includes(sslmode)) throw new Error(`--sslmode is one of ${sslModes.join(', ')}`)
  const login = flags.get('login') ?? 'password'
  if (login !== 'password' && login !== 'cert') throw new Error('--login is password or cert')
  return {
    command,
    rest,
    login,
    server: {
      host,
      port: Number(flags.get('port') ?? 5432),
      database: flags.get('db') ?? 'postgres',
      user,
      sslmode,
      caFile: flags.get('ca') ?? null,
      certFile: flags.get('cert') ?? null,
      keyFile: flags.get('key') ?? null,
    },
  }
}

async function stdinLines(n: number): Promise<string[]> {
  const rl = createInterface({ input: process.stdin })
  const lines: string[] = []
  for await (const line of rl) {
    lines.push(line)
    if (lines.length === n) break
  }
  rl.close()
  return lines
}

export async function main(argv: string[]): Promise<number> {
  const { command, server, rest, login } = parse(argv)
  if (!['init', 'add-responder', 'version'].includes(command)) throw new Error(usage)
  const [adminPassword = '', responderPassword = ''] = await stdinLines(
    command === 'add-responder' && login === 'password' ? 2 : 1,
  )
  const client = new pg.Client(clientConfig(server, adminPassword || null))
  await client.connect()
  try {
    if (command === 'init') {
      const applied = await initServerSchema(client)
      console.log(
        applied.length
          ? `sitrep schema: applied ${applied.join(', ')}; now at version ${SERVER_SCHEMA_VERSION}`
          : `sitrep schema: already at version ${SERVER_SCHEMA_VERSION}, nothing to do`,
      )
    } else if (command === 'add-responder') {
      const role = rest[0]
      if (!role) throw new Error(`add-responder needs ROLE\n${usage}`)
      if (login === 'password' && !responderPassword)
        throw new Error(`add-responder needs the responder's password on stdin\n${usage}`)
      await addResponder(client, role, login === 'cert' ? null : responderPassword)
      console.log(
        login === 'cert'
          ? `${role} can now sync as a responder with a client certificate whose CN is ${role} (no password; pg_hba.conf must say cert for this role)`
          : `${role} can now sync as a responder (member of sitrep_responder)`,
      )
    } else {
      console.log(
        `server schema ${await serverSchemaVersion(client)}; this Sitrep knows ${SERVER_SCHEMA_VERSION}`,
      )
    }
  } finally {
    await client.end()
  }
  return 0
}
