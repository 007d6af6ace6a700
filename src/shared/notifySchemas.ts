// The notify.* methods (issue #18, chat notifications through an outbox): webhook channels a
// responder adds on this install, which kinds of timeline events each one gets, a test message,
// and the deliveries with their state. A webhook URL crosses the boundary only in
// notify.addChannel's parameters: it is sealed like a saved password and no result or event
// carries it again (a channel shows only the URL's host).
import { z } from 'zod'
import { id, name } from './primitives'

/** slack: Slack-compatible incoming webhook. teams: a Teams Workflows (Power Automate) webhook,
 * an Adaptive Card. teams-legacy: the old Office 365 connector, a MessageCard. generic: JSON. */
export const notifyChannelTypes = ['slack', 'teams', 'teams-legacy', 'generic'] as const
export type NotifyChannelType = (typeof notifyChannelTypes)[number]

/** What a responder can have sent to a channel. */
export const notifyKinds = [
  'status_update',
  'declared',
  'severity',
  'escalation',
  'resolved',
] as const
export type NotifyKind = (typeof notifyKinds)[number]

/**
 * queued: waiting to be sent (offline, or its next try is later). retrying: a try failed and
 * another is due at nextAt. sending: a try is running. sent: delivered (by this laptop or,
 * `sentBy`, another of the team). failed: given up, `reason` says why.
 */
export type NotifyDeliveryState = 'queued' | 'retrying' | 'sending' | 'sent' | 'failed'

export interface NotifyChannelView {
  id: string
  name: string
  type: NotifyChannelType
  lang: 'en' | 'ja'
  kinds: NotifyKind[]
  /** team: one laptop of the team sends each message (claimed on the team's server). */
  scope: 'install' | 'team'
  /** Only the host of the saved URL; the URL itself is never shown again. */
  host: string
  createdAt: number
}

export interface NotifyDeliveryView {
  key: string
  channelId: string
  channelName: string
  incidentId: string
  eventUid: string
  kind: NotifyKind
  state: NotifyDeliveryState
  attempts: number
  reason: string | null
  queuedAt: number
  nextAt: number | null
  sentAt: number | null
  /** The install that sent it when another laptop of the team did. */
  sentBy: string | null
}

export interface NotifyTestResult {
  ok: boolean
  status: number | null
  reason: string | null
}

const kinds = z.array(z.enum(notifyKinds)).max(notifyKinds.length)
const lang = z.enum(['en', 'ja'])

export const notifyParamSchemas = {
  'notify.channels': z.strictObject({}),
  /** Adds a channel; the URL is checked (https, or http on loopback) and sealed. */
  'notify.addChannel': z.strictObject({
    name,
    type: z.enum(notifyChannelTypes),
    url: z.string().trim().min(1).max(2048),
    lang,
    kinds,
    scope: z.enum(['install', 'team']).optional(),
  }),
  'notify.updateChannel': z.strictObject({
    id,
    name: name.optional(),
    lang: lang.optional(),
    kinds: kinds.optional(),
  }),
  'notify.removeChannel': z.strictObject({ id }),
  /** Sends a test message now (not through the outbox, nothing on any timeline). */
  'notify.test': z.strictObject({ id }),
  'notify.deliveries': z.strictObject({ incidentId: id.optional() }),
}

export interface NotifyMethodResults {
  'notify.channels': NotifyChannelView[]
  'notify.addChannel': NotifyChannelView
  'notify.updateChannel': NotifyChannelView
  'notify.removeChannel': { removed: boolean }
  'notify.test': NotifyTestResult
  'notify.deliveries': NotifyDeliveryView[]
}

export interface NotifyEventPayloads {
  /** A delivery or a channel changed (the Notifications panel reads again). */
  'notify.changed': { incidentId: string | null }
}

export const notifyEventNames: (keyof NotifyEventPayloads)[] = ['notify.changed']
