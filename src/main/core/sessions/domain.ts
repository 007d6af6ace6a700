// The sessions domain as the contract sees it: terminals of every kind (local, SSH, kubectl,
// psql) and the rules that go with opening them, broadcast lines on the timeline, and recordings.
// The RPC handlers only call this; the rules live here:
// - a kubectl context must exist in its kubeconfig when it is saved, not at 3 a.m. on open;
// - a production psql database opens read-only, and writing needs a reason that goes on the
//   incident's timeline;
// - a broadcast line typed at any target's password prompt never reaches the timeline;
// - an unknown SSH host key waits for the responder's answer (ssh/hostKeyPrompts.ts);
// - an ssh config import saves every host or none;
// - sessions the previous run left open are reopened (restore.ts) or reported lost.
// It also holds the SSH hosts (targets.*): saving one drops the pooled connection to it.
// Other domains import from this folder only this file (lint enforces it).
import { existsSync } from 'node:fs'
import { homedir, userInfo } from 'node:os'
import { join } from 'node:path'
import type {
  KubeconfigView,
  KubectlTarget,
  LostSession,
  ParsedParams,
  PsqlTarget,
  SessionInfo,
  Target,
} from '../../../shared/contract'
import { InvalidParamsError, NotFoundError } from '../errors'
import type { Store } from '../store/store'
import { ServiceTargets, startsReadOnly } from '../targets/serviceTargets'
import { LOCAL_PTY_LIMITS, SSH_LIMITS } from './flowControl'
import { defaultKubeconfigPath, readKubeconfig } from './kubectl/kubeconfig'
import { listNamespaces, listPods } from './kubectl/kubectlCommand'
import { listRecordings, readRecording } from './recordings'
import type { InterruptedSession } from './restore'
import type { Viewer } from './session'
import type { RestoreOpener, SessionManager } from './sessionManager'
import type { HostKeyPrompts } from './ssh/hostKeyPrompts'
import type { HostTrust } from './ssh/hostTrust'
import {
  importSshConfigFile,
  importSshConfigText,
  type ConfigImport,
  type FailedHost,
} from './ssh/sshConfigEval'
import { spawnSshShell } from './ssh/sshShell'
import type { SshPool } from './ssh/sshPool'
import { endpointsFor } from './ssh/targetEndpoints'
import { openKubectlSource, openPsqlSource } from './toolSessions'

// What other domains may use of this one: they import it from here, not from the files behind.
export type { SessionManager } from './sessionManager'
export type {
  ExecOptions,
  ExecResult,
  Follow,
  FollowEnd,
  FollowHandlers,
  Tunnel,
} from './ssh/sshPool'
export type { TerminalSource } from './terminalSource'
export type { TypedLine } from './typedLines'
export { LOCAL_PTY_LIMITS } from './flowControl'
export { CapturedOutput } from './capturedOutput'
export { kubectlSpawn } from './kubectl/kubectlCommand'
export { capturedSqlCommand, psqlSpawn, type TunnelOpener } from './psql/psqlCommand'

export interface SessionsDomainOptions {
  /** The open database (throws the store's own "not open" error otherwise). */
  store(): Store
  sessions: SessionManager
  ssh: SshPool
  /** Known host keys, for the SSH shells reopened after a restart. */
  trust: HostTrust
  /** Unknown host keys waiting for the responder's answer. */
  hostKeys: HostKeyPrompts
  /** kubectl contexts or psql databases were saved or removed. */
  serviceTargetsChanged(targets: { kubectl: KubectlTarget[]; psql: PsqlTarget[] }): void
  /** SSH hosts were saved or removed. */
  targetsChanged(targets: Target[]): void
}

export class SessionsDomain {
  /** Sessions the previous run left open that could not be reopened (local shells). */
  private lostSessions: LostSession[] = []

  constructor(private readonly opts: SessionsDomainOptions) {}

  private services(): ServiceTargets {
    const store = this.opts.store()
    return new ServiceTargets(store)
  }

  private announce(): void {
    const st = this.services()
    this.opts.serviceTargetsChanged({ kubectl: st.listKubectl(), psql: st.listPsql() })
  }

  // --- SSH hosts --------------------------------------------------------------------------------

  listSsh(): Target[] {
    return this.opts.store().targets.list()
  }

  saveSsh(p: ParsedParams<'targets.saveSsh'>): Target {
    const targets = this.opts.store().targets
    const saved = targets.saveSsh(p)
    // A changed address or password must not keep using the old connection.
    this.opts.ssh.forget(saved.id)
    this.opts.targetsChanged(targets.list())
    return saved
  }

  removeSsh(id: string): { removed: boolean } {
    const targets = this.opts.store().targets
    const removed = targets.remove(id)
    this.opts.ssh.forget(id)
    this.opts.targetsChanged(targets.list())
    return { removed }
  }

  /**
   * Imports ~/.ssh/config (or the given text) through OpenSSH's own evaluation (`ssh -G` per
   * host, sshConfigEval.ts). Nothing is saved if the config as a whole is broken; a host ssh
   * cannot evaluate is reported in `failed` and the others are saved.
   */
  async importSshConfig(
    text?: string,
  ): Promise<{ imported: Target[]; warnings: string[]; failed: FailedHost[] }> {
    let result: ConfigImport
    if (text === undefined) {
      const path = join(homedir(), '.ssh', 'config')
      if (!existsSync(path)) throw new NotFoundError(`${path} (no ssh config to import)`)
      result = await importSshConfigFile(path)
    } else result = await importSshConfigText(text)
    const store = this.opts.store()
    const targets = store.targets
    const imported = store.db.transaction(() =>
      targets.importHosts(result.hosts, userInfo().username),
    )()
    this.opts.targetsChanged(targets.list())
    return { imported, warnings: result.warnings, failed: result.failed }
  }

  /** The responder's answer to an unknown host key question. */
  answerHostKey(requestId: string, trust: boolean): { pending: boolean } {
    return this.opts.hostKeys.answer(requestId, trust)
  }

  // --- kubectl contexts and psql databases ----------------------------------------------------

  listKubectl(): KubectlTarget[] {
    return this.services().listKubectl()
  }

  listPsql(): PsqlTarget[] {
    return this.services().listPsql()
  }

  saveKubectl(p: ParsedParams<'targets.saveKubectl'>): KubectlTarget {
    const view = readKubeconfig(p.kubeconfigPath ?? defaultKubeconfigPath())
    if (!view.contexts.some((c) => c.name === p.context)) {
      throw new InvalidParamsError(
        `${view.path} has no context called ${p.context}. It has: ${view.contexts.map((c) => c.name).join(', ')}.`,
      )
    }
    const saved = this.services().saveKubectl(p)
    this.announce()
    return saved
  }

  savePsql(p: ParsedParams<'targets.savePsql'>): PsqlTarget {
    const saved = this.services().savePsql(p)
    this.announce()
    return saved
  }

  removeService(id: string): { removed: boolean } {
    const removed = this.services().remove(id)
    this.announce()
    return { removed }
  }

  kubeContexts(kubeconfigPath: string | null | undefined): KubeconfigView {
    return readKubeconfig(kubeconfigPath ?? defaultKubeconfigPath())
  }

  kubeNamespaces(targetId: string): ReturnType<typeof listNamespaces> {
    return listNamespaces(this.services().kubectl(targetId))
  }

  kubePods(targetId: string, namespace: string | undefined): ReturnType<typeof listPods> {
    return listPods(this.services().kubectl(targetId), namespace)
  }

  // --- sessions ---------------------------------------------------------------------------------

  list(): SessionInfo[] {
    return this.opts.sessions.list()
  }

  openLocal(p: ParsedParams<'sessions.openLocal'>): SessionInfo {
    return this.opts.sessions.openLocal(p)
  }

  openSsh(p: ParsedParams<'sessions.openSsh'>): Promise<SessionInfo> {
    return this.opts.sessions.openSsh(p)
  }

  attach(viewer: Viewer, sessionId: string): SessionInfo {
    return this.opts.sessions.attach(viewer, sessionId)
  }

  resize(sessionId: string, cols: number, rows: number): SessionInfo {
    const s = this.opts.sessions.get(sessionId)
    s.resize(cols, rows)
    return s.info
  }

  close(sessionId: string): SessionInfo {
    return this.opts.sessions.close(sessionId)
  }

  openKubectl(p: ParsedParams<'sessions.openKubectl'>): SessionInfo {
    const target = this.services().kubectl(p.targetId)
    const { title, source } = openKubectlSource(target, p, p.cols, p.rows)
    return this.opts.sessions.register('kubectl', title, target.id, source, LOCAL_PTY_LIMITS, {
      ...p,
      reopen: {
        kind: 'kubectl',
        mode: p.mode,
        ...(p.namespace ? { namespace: p.namespace } : {}),
        ...(p.pod ? { pod: p.pod } : {}),
        ...(p.container ? { container: p.container } : {}),
      },
    }).info
  }

  async openPsql(p: ParsedParams<'sessions.openPsql'>): Promise<SessionInfo> {
    const store = this.opts.store()
    const st = this.services()
    const target = st.psql(p.targetId)
    const readOnlyByDefault = startsReadOnly(target)
    if (p.allowWrites && readOnlyByDefault && !p.writeReason) {
      throw new InvalidParamsError(
        `${target.name} is read-only by default (production). Say why you need to write: the reason goes on the timeline. Have someone review the change and take a backup first.`,
      )
    }
    const readOnly = readOnlyByDefault && !p.allowWrites
    const { title, source } = await openPsqlSource(target, st.psqlPassword(target.id), {
      readOnly,
      tunnel: (sshTargetId, host, port) => this.opts.ssh.tunnel(sshTargetId, host, port),
      sshName: (id) => store.targets.get(id).name,
      cols: p.cols,
      rows: p.rows,
    })
    const session = this.opts.sessions.register(
      'psql',
      title,
      target.id,
      source,
      LOCAL_PTY_LIMITS,
      { ...p, reopen: { kind: 'psql' } },
    )
    if (readOnlyByDefault && !readOnly && p.incidentId) {
      store.timeline.append(p.incidentId, {
        kind: 'psql.writesEnabled',
        payload: {
          sessionId: session.info.id,
          session: session.info.title,
          reason: p.writeReason ?? '',
        },
      })
    }
    return session.info
  }

  broadcastLine(p: ParsedParams<'sessions.broadcastLine'>): { recorded: boolean } {
    const sessions = p.sessionIds.map((id) => this.opts.sessions.get(id))
    // A line typed at any target's password prompt is a password: never on the timeline.
    if (sessions.some((s) => s.lineWasSecret(p.text))) return { recorded: false }
    this.opts.store().timeline.append(p.incidentId, {
      kind: 'broadcast.line',
      payload: {
        text: p.text,
        sessionIds: p.sessionIds,
        sessions: sessions.map((s) => s.info.title),
        count: sessions.length,
      },
    })
    return { recorded: true }
  }

  setBroadcastTargets(sessionIds: readonly string[]): { sessionIds: string[] } {
    return { sessionIds: this.opts.sessions.setBroadcastTargets(sessionIds) }
  }

  // --- sessions the previous run left open ----------------------------------------------------

  /** Sessions the previous run left open that could not be reopened, for the page to show. */
  lost(): LostSession[] {
    this.opts.store()
    return this.lostSessions
  }

  /** Set when a database is opened: at start what findLost found, later nothing. */
  setLost(lost: LostSession[]): void {
    this.lostSessions = lost
  }

  /**
   * Reopens the SSH, kubectl and psql sessions that were open when Sitrep stopped without
   * closing them. Each is registered at once (its pane is there as soon as a page connects)
   * and connects in the background; see restore.ts.
   */
  restore(items: InterruptedSession[], restartedAt: number): void {
    const store = this.opts.store()
    for (const item of items) {
      const open: RestoreOpener = async (cols, rows, onState) => {
        if (item.reopen.kind === 'ssh') {
          const source = await spawnSshShell({
            hops: endpointsFor(store.targets, item.targetId),
            trust: this.opts.trust,
            cols,
            rows,
            onState,
          })
          return { source }
        }
        const services = new ServiceTargets(store)
        if (item.reopen.kind === 'kubectl')
          return openKubectlSource(services.kubectl(item.targetId), item.reopen, cols, rows)
        const target = services.psql(item.targetId)
        return openPsqlSource(target, services.psqlPassword(target.id), {
          readOnly: startsReadOnly(target),
          tunnel: (sshTargetId, host, port) => this.opts.ssh.tunnel(sshTargetId, host, port),
          sshName: (id) => store.targets.get(id).name,
          cols,
          rows,
        })
      }
      try {
        this.opts.sessions.restore(
          item,
          restartedAt,
          open,
          item.kind === 'ssh' ? SSH_LIMITS : LOCAL_PTY_LIMITS,
        )
      } catch {
        // A full disk refuses the new row; the old one stays as it was, for the next start.
      }
    }
  }

  // --- recordings -------------------------------------------------------------------------------

  recordings(incidentId: string | null, limit: number): ReturnType<typeof listRecordings> {
    return listRecordings(this.opts.store().db, incidentId, limit)
  }

  recording(
    sessionId: string,
    afterId: number,
    maxBytes: number,
  ): ReturnType<typeof readRecording> {
    this.opts.sessions.flushRecordings()
    return readRecording(this.opts.store().db, sessionId, afterId, maxBytes)
  }
}
