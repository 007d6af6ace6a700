// The active incident and everything the header shows about it: its projection, its upcoming
// timers, timers that fired and wait for acknowledgement, the severity scheme in force, and
// which incident panel (declare, list, status update, KPIs) is open. The active incident id is
// remembered across reloads.
import { create } from 'zustand'
import type {
  Incident,
  IncidentSettingsView,
  TimelineEvent,
  TimerFired,
  UpcomingTimer,
} from '../../../shared/contract'
import { api, ApiError } from '../api'
import { ACTIVE_INCIDENT_KEY, rememberActiveIncident } from './firstScreen'
import { readStored, writeStored } from './stored'
import { whenDatabaseReady } from './whenReady'
import { reportError } from './toastStore'

export type IncidentPanel =
  'none' | 'declare' | 'details' | 'list' | 'statusUpdate' | 'kpis' | 'rules'

const ACTIVE_KEY = ACTIVE_INCIDENT_KEY
const ACTOR_KEY = 'sitrep.actor'

interface IncidentsState {
  settings: IncidentSettingsView | null
  activeId: string | null
  incident: Incident | null
  timers: UpcomingTimer[]
  fired: TimerFired[]
  panel: IncidentPanel
  /**
   * Whether the page has settled which incident to show since it opened (the remembered one
   * read, or the most recent open one looked for): with none, nothing is waited for.
   */
  picked: boolean
  /** The name written as actor on every change made from this window (no accounts: offline). */
  actor: string
  setPanel(panel: IncidentPanel): void
  setActor(actor: string): void
  loadSettings(): Promise<void>
  /** Makes an incident the active one (null clears it) and loads it. */
  setActive(id: string | null): Promise<void>
  /** Makes an incident just read the active one (its timers are read after). */
  adopt(incident: Incident): void
  /**
   * Reads the active incident (and its timers) again. Resolves false when the read failed;
   * `quiet` leaves that unreported (the boot's early read, before the database is known ready).
   */
  refreshActive(how?: { quiet?: boolean }): Promise<boolean>
  refreshTimers(): Promise<void>
  applyChanged(incident: Incident): void
  applyFired(fired: TimerFired): void
  dismissFired(key: string): void
}

export const useIncidents = create<IncidentsState>()((set, get) => ({
  settings: null,
  activeId: readStored(ACTIVE_KEY),
  incident: null,
  timers: [],
  fired: [],
  panel: 'none',
  picked: false,
  actor: readStored(ACTOR_KEY) ?? '',
  setPanel(panel) {
    set({ panel })
  },
  setActor(actor) {
    writeStored(ACTOR_KEY, actor.trim() === '' ? null : actor)
    set({ actor })
  },
  async loadSettings() {
    try {
      set({ settings: await api.call('incidents.settings', {}) })
    } catch (err) {
      reportError('action.failed.settings', err)
    }
  },
  async setActive(id) {
    rememberActiveIncident(id)
    set({ activeId: id, incident: id === get().incident?.id ? get().incident : null, timers: [] })
    if (id) await get().refreshActive()
  },
  adopt(incident) {
    rememberActiveIncident(incident.id)
    set({ activeId: incident.id, incident, timers: [] })
    void get().refreshTimers()
  },
  async refreshActive(how = {}) {
    const id = get().activeId
    if (!id) return true
    let incident: Incident
    try {
      incident = await api.call('incidents.get', { incidentId: id })
    } catch (err) {
      // The remembered incident belongs to another database: forget it quietly.
      if (err instanceof ApiError && err.code === 'not_found') {
        if (get().activeId === id) {
          rememberActiveIncident(null)
          set({ activeId: null, incident: null, timers: [] })
        }
        return true
      }
      if (!how.quiet) reportError('action.failed.loadIncident', err)
      return false
    }
    if (get().activeId === id) set({ incident })
    await get().refreshTimers()
    return true
  },
  async refreshTimers() {
    const id = get().activeId
    if (!id) return
    try {
      const timers = await api.call('incidents.timers', { incidentId: id })
      if (get().activeId === id) set({ timers })
    } catch (err) {
      reportError('action.failed.timers', err)
    }
  },
  applyChanged(incident) {
    if (incident.id !== get().activeId) return
    // Events can arrive out of order with call results: keep the newest projection.
    const cur = get().incident
    if (cur && cur.updatedAt > incident.updatedAt) return
    set({ incident })
    void get().refreshTimers()
  },
  applyFired(fired) {
    set({ fired: [...get().fired.filter((f) => f.key !== fired.key), fired].slice(-5) })
    if (fired.incidentId === get().activeId) void get().refreshTimers()
  },
  dismissFired(key) {
    set({ fired: get().fired.filter((f) => f.key !== key) })
  },
}))

/** Shows a desktop notification where the browser allows it; the in-app alert is always shown. */
function desktopNotify(fired: TimerFired, lang: 'en' | 'ja'): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return
  try {
    new Notification(fired.name[lang], { body: fired.notify ?? '', tag: fired.key })
  } catch {
    // Some shells refuse page notifications; the in-app alert stays.
  }
}

/** Asks once for notification permission; call from a user gesture. */
export function askNotificationPermission(): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'default') return
  void Notification.requestPermission().catch(() => undefined)
}

/**
 * Who takes the timeline page incidents.latestOpen brings with the incident, and how many events
 * it should hold: the timeline store (timelineStore.ts), which imports this one.
 */
let firstPage: { limit: number; take(incidentId: string, events: TimelineEvent[]): void } | null =
  null

export function takeLatestOpenPage(limit: number, take: (id: string, e: TimelineEvent[]) => void) {
  firstPage = { limit, take }
}

let started = false

/** Wires the incident events and (re)loads when the database becomes ready. Once per page. */
export function startIncidents(lang: () => 'en' | 'ja'): void {
  if (started) return
  started = true
  const store = useIncidents.getState()
  api.on('incident.changed', (incident) => useIncidents.getState().applyChanged(incident))
  api.on('timer.fired', (fired) => {
    useIncidents.getState().applyFired(fired)
    desktopNotify(fired, lang())
  })

  /** Resolves false when a read failed (reported unless `quiet`). */
  const pickIncident = async (quiet: boolean): Promise<boolean> => {
    const s = useIncidents.getState()
    if (s.activeId) return s.refreshActive({ quiet })
    // Nothing remembered: the most recent open incident is almost always the one wanted. It comes
    // with its newest events, so the timeline is painted from this one round trip (issue #20).
    try {
      const latest = await api.call('incidents.latestOpen', { limit: firstPage?.limit ?? 200 })
      // The responder may have picked one meanwhile.
      if (useIncidents.getState().activeId) return true
      if (latest) {
        // Given to the timeline before the incident becomes active, so it is not read again.
        firstPage?.take(latest.incident.id, latest.events)
        useIncidents.getState().adopt(latest.incident)
      }
      return true
    } catch (err) {
      if (!quiet) reportError('action.failed.list', err)
      return false
    }
  }

  // Sent now, in the first round with the database status (issue #20): the remembered incident
  // (its timeline's first page goes with it, timelineStore.ts), or the list that names the most
  // recent one. Used if the database is ready; read again below if it failed.
  let early: Promise<boolean> | null = pickIncident(true)
  const ready = async (): Promise<void> => {
    const settings = store.loadSettings()
    const first = early
    early = null
    if (!first || !(await first)) await pickIncident(false)
    useIncidents.setState({ picked: true })
    await settings
  }

  whenDatabaseReady({
    ready: () => void ready(),
    reconnected: () => void useIncidents.getState().refreshActive(),
  })
}
