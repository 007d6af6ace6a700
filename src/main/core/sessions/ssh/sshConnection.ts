// Opens ssh2 connections the way a responder expects from OpenSSH: host key checked before any
// credential is sent, one clear error per failure (wrong password, refused port, unknown host),
// no silent retries against a server that said no, ProxyJump chains through bastions, and a
// ProxyCommand's pipes as the socket of the first hop.
import type { Duplex } from 'node:stream'
import ssh2, { type ConnectConfig } from 'ssh2'
import { SitrepError } from '../../errors'
import type { HostTrust } from './hostTrust'
import { startProxyCommand, type ProxyProcess } from './proxyCommand'

const { Client } = ssh2
export type SshClient = InstanceType<typeof Client>

export type SshAuth =
  | { kind: 'agent'; socket?: string }
  | { kind: 'key'; privateKey: string | Buffer; passphrase?: string }
  | { kind: 'password'; password: string }
  /** Answers every keyboard-interactive prompt with the secret (the common "Password:" case). */
  | { kind: 'keyboard-interactive'; password: string }

export interface SshEndpoint {
  host: string
  port: number
  username: string
  auth: SshAuth
  keepaliveIntervalMs?: number
  readyTimeoutMs?: number
  /**
   * Reached through this local command (tokens already expanded) instead of a TCP connection:
   * OpenSSH's ProxyCommand. Only the first hop of a chain can have one.
   */
  proxyCommand?: { command: string; label: string }
}

export class AuthFailedError extends SitrepError {
  constructor(e: SshEndpoint, agentProblem?: string) {
    const check =
      e.auth.kind === 'key'
        ? 'key and its passphrase'
        : e.auth.kind === 'agent'
          ? agentProblem
            ? `ssh-agent, which could not be used (${agentProblem}): is it running, does SSH_AUTH_SOCK point at it, and does \`ssh-add -l\` list your key`
            : 'keys loaded in your ssh-agent (`ssh-add -l`)'
          : 'password'
    super(
      'auth_failed',
      `Authentication failed for ${e.username}@${e.host}:${e.port} (method: ${e.auth.kind}). Check the user name and the ${check}; Sitrep does not retry by itself, so the account will not be locked by repeated attempts.`,
    )
  }
}

export class ConnectFailedError extends SitrepError {
  constructor(e: Pick<SshEndpoint, 'host' | 'port'>, why: string, options?: { cause?: unknown }) {
    super('connect_failed', `Could not reach ${e.host}:${e.port}: ${why}.`, options)
  }
}

function describeNetworkError(err: NodeJS.ErrnoException & { level?: string }): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'the connection was refused (is sshd running on that port?)'
    case 'ETIMEDOUT':
      return 'the connection timed out (host down or a firewall in the way)'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be resolved (check the name or your DNS/VPN)'
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the network is unreachable (VPN down?)'
    case 'ECONNRESET':
      return 'the server closed the connection during the handshake'
    default:
      return err.level === 'client-timeout' ? 'the SSH handshake timed out' : err.message
  }
}

function authConfig(auth: SshAuth): Partial<ConnectConfig> {
  switch (auth.kind) {
    case 'agent':
      return { agent: auth.socket ?? process.env.SSH_AUTH_SOCK, authHandler: ['agent'] }
    case 'key':
      return {
        privateKey: auth.privateKey,
        passphrase: auth.passphrase,
        authHandler: ['publickey'],
      }
    case 'password':
      return { password: auth.password, authHandler: ['password'] }
    case 'keyboard-interactive':
      return { tryKeyboard: true, authHandler: ['keyboard-interactive'] }
  }
}

/** Connects one hop, over `sock` when it is reached through a jump host. */
export function connectOnce(e: SshEndpoint, trust: HostTrust, sock?: Duplex): Promise<SshClient> {
  return new Promise((resolve, reject) => {
    const client = new Client()
    let trustError: SitrepError | null = null
    // ssh2 reports an unusable agent, then goes on to fail authentication: keep it for that.
    let agentProblem: string | undefined
    let settled = false
    const fail = (err: Error): void => {
      if (settled) return
      settled = true
      client.end()
      reject(err)
    }
    client.on('ready', () => {
      settled = true
      // Keystrokes are tiny writes: without TCP_NODELAY, Nagle holds one back while the previous
      // segment is unacknowledged (OpenSSH sets it for interactive sessions too).
      client.setNoDelay(true)
      resolve(client)
    })
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (trustError) return fail(trustError)
      if (err.level === 'agent') {
        agentProblem = err.message
        return
      }
      if (err.level === 'client-authentication') return fail(new AuthFailedError(e, agentProblem))
      if (err.message.includes('passphrase') || err.message.includes('private key')) {
        return fail(
          new SitrepError(
            'auth_failed',
            `The private key for ${e.host} could not be used: ${err.message}. Check the key file and its passphrase.`,
          ),
        )
      }
      fail(new ConnectFailedError(e, describeNetworkError(err), { cause: err }))
    })
    client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => {
      finish(prompts.map(() => (e.auth.kind === 'keyboard-interactive' ? e.auth.password : '')))
    })
    try {
      client.connect({
        host: e.host,
        port: e.port,
        username: e.username,
        ...(sock ? { sock } : {}),
        keepaliveInterval: e.keepaliveIntervalMs ?? 15_000,
        keepaliveCountMax: 3,
        readyTimeout: e.readyTimeoutMs ?? 20_000,
        // Runs during key exchange, before user authentication: a refused key sends no secret.
        hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
          trust.check(e.host, e.port, key).then(
            () => verify(true),
            (err: unknown) => {
              trustError =
                err instanceof SitrepError ? err : new SitrepError('host_key_rejected', String(err))
              verify(false)
            },
          )
        },
        ...authConfig(e.auth),
      })
    } catch (err) {
      fail(err instanceof Error ? err : new Error(String(err)))
    }
  })
}

export interface SshChain {
  /** The connection to the last hop: the target host. */
  client: SshClient
  close(): void
}

/**
 * Connects through each jump host in order (ProxyJump), then to the target. The first hop may
 * be reached through a ProxyCommand; that process lives as long as the chain and is killed by
 * close() (or when the connection ends, since its pipes are the connection).
 */
export async function connectChain(hops: SshEndpoint[], trust: HostTrust): Promise<SshChain> {
  if (hops.length === 0) throw new SitrepError('invalid_params', 'No SSH host to connect to.')
  const clients: SshClient[] = []
  let proxy: ProxyProcess | null = null
  const close = (): void => {
    for (const c of clients.reverse()) c.end()
    proxy?.kill()
  }
  try {
    let previous: SshClient | null = null
    for (const [i, hop] of hops.entries()) {
      let sock: Duplex | undefined
      if (hop.proxyCommand) {
        if (i > 0)
          throw new SitrepError(
            'invalid_params',
            `${hop.host} has a ProxyCommand but is not the first hop; OpenSSH uses either ProxyJump or ProxyCommand, not both.`,
          )
        proxy = startProxyCommand(hop.proxyCommand.command, hop.proxyCommand.label)
        const started = proxy
        previous = await connectOnce(hop, trust, started.sock).catch(async (err: unknown) => {
          throw await started.failure(err)
        })
        // A command that dies later closes the socket; ssh2 reports that as a lost connection.
        previous.on('close', () => started.kill())
      } else {
        sock = previous ? await forward(previous, hop) : undefined
        previous = await connectOnce(hop, trust, sock)
      }
      clients.push(previous)
    }
    return { client: previous as SshClient, close }
  } catch (err) {
    close()
    throw err
  }
}

function forward(via: SshClient, to: SshEndpoint): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    via.forwardOut('127.0.0.1', 0, to.host, to.port, (err, stream) => {
      if (err)
        reject(
          new ConnectFailedError(to, `the jump host could not open a tunnel (${err.message})`, {
            cause: err,
          }),
        )
      else resolve(stream)
    })
  })
}
