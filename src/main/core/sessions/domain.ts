// The sessions domain as the contract sees it: terminals of every kind (local, SSH, kubectl,
// psql) and the rules that go with opening them, broadcast lines on the timeline, and recordings.
// The RPC handlers only call this; the rules live here:
// - a kubectl context must exist in its kubeconfig when it is saved, not at 3 a.m. on open;
// - a production psql database opens read-only, and writing needs a reason that goes on the
//   incident's timeline;
// - a broadcast line typed at any target's password prompt never reaches the timeline.
import type {
  KubeconfigView,
  KubectlTarget,
  ParsedParams,
  PsqlTarget,
  SessionInfo,
  Target,
} from '../../../shared/contract'
import { InvalidParamsError } from '../errors'
import type { Store } from '../store/store'
import { ServiceTargets, startsReadOnly } from '../targets/serviceTargets'
import { LOCAL_PTY_LIMITS } from './flowControl'
import { defaultKubeconfigPath, readKubeconfig } from './kubectl/kubeconfig'
import { listNamespaces, listPods } from './kubectl/kubectlCommand'
import { listRecordings, readRecording } from './recordings'
import type { Viewer } from './session'
import type { SessionManager } from './sessionManager'
import type { SshPool } from './ssh/sshPool'
import { openKubectlSource, openPsqlSource } from './toolSessions'

export interface SessionsDomainOptions {
  /** The open database (throws the store's own "not open" error otherwise). */
  store(): Store
  sessions: SessionManager
  ssh: SshPool
  /** kubectl contexts or psql databases were saved or removed. */
  serviceTargetsChanged(targets: { kubectl: KubectlTarget[]; psql: PsqlTarget[] }): void
  /** SSH hosts were saved or removed. */
  targetsChanged(targets: Target[]): void
}

export class SessionsDomain {
  constructor(private readonly opts: SessionsDomainOptions) {}

  private services(): ServiceTargets {
    const store = this.opts.store()
    return new ServiceTargets(store.db, store.secrets)
  }

  private announce(): void {
    const st = this.services()
    this.opts.serviceTargetsChanged({ kubectl: st.listKubectl(), psql: st.listPsql() })
  }

  // --- SSH hosts --------------------------------------------------------------------------------

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

  recordings(incidentId: string | null, limit: number): ReturnType<typeof listRecordings> {
    return listRecordings(this.opts.store().db, incidentId, limit)
  }

  recording(
    sessionId: string,
    afterId: number,
    maxBytes: number,
  ): ReturnType<typeof readRecording> {
    return readRecording(this.opts.store().db, sessionId, afterId, maxBytes)
  }
}
