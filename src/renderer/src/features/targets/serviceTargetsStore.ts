// kubectl contexts and PostgreSQL databases, fed by 'targets.listKubectl'/'targets.listPsql' and
// 'serviceTargets.changed'; opening their sessions (the pane joins the grid by itself).
import { create } from 'zustand'
import type { KubectlTarget, PsqlTarget, SessionInfo } from '../../../../shared/contract'
import { api } from '../../api'
import { useIncidents } from '../../stores/incidentsStore'
import { useSessions } from '../../stores/sessionsStore'
import { reportError } from '../../stores/toastStore'

const INITIAL_SIZE = { cols: 100, rows: 30 }

interface ServiceTargetsState {
  kubectl: KubectlTarget[]
  psql: PsqlTarget[]
  load(): Promise<void>
  apply(lists: { kubectl: KubectlTarget[]; psql: PsqlTarget[] }): void
  /** Throws main's error, so the row that asked can show it. */
  openKubectl(
    targetId: string,
    mode: 'exec' | 'logs' | 'shell',
    pod?: { name: string; namespace: string },
  ): Promise<void>
  openPsql(targetId: string, writes?: { reason: string }): Promise<void>
  remove(targetId: string): Promise<void>
}

let subscribed = false

function show(info: SessionInfo): void {
  // 'session.changed' brings it too; the reply may simply arrive first.
  useSessions.getState().applyChanged(info)
}

export const useServiceTargets = create<ServiceTargetsState>()((set) => ({
  kubectl: [],
  psql: [],
  async load() {
    if (!subscribed) {
      subscribed = true
      api.on('serviceTargets.changed', (lists) => useServiceTargets.getState().apply(lists))
    }
    try {
      const [kubectl, psql] = await Promise.all([
        api.call('targets.listKubectl', {}),
        api.call('targets.listPsql', {}),
      ])
      set({ kubectl, psql })
    } catch (err) {
      reportError('action.failed.loadServices', err)
    }
  },
  apply({ kubectl, psql }) {
    set({ kubectl, psql })
  },
  async openKubectl(targetId, mode, pod) {
    const info = await api.call('sessions.openKubectl', {
      targetId,
      mode,
      ...(pod ? { pod: pod.name, namespace: pod.namespace } : {}),
      ...INITIAL_SIZE,
      incidentId: useIncidents.getState().activeId,
    })
    show(info)
  },
  async openPsql(targetId, writes) {
    const info = await api.call('sessions.openPsql', {
      targetId,
      ...INITIAL_SIZE,
      incidentId: useIncidents.getState().activeId,
      allowWrites: writes !== undefined,
      ...(writes ? { writeReason: writes.reason } : {}),
    })
    show(info)
  },
  async remove(targetId) {
    await api.call('targets.removeService', { id: targetId })
  },
}))
