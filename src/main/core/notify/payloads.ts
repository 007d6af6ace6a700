// A ChatMessage shaped as each receiver expects it:
// - Slack (and Slack-compatible: Mattermost, Rocket.Chat): `text` (what notifications and
//   clients without blocks show) plus Block Kit blocks.
// - Teams through Workflows (Power Automate's "When a Teams webhook request is received"): a
//   message with one Adaptive Card attachment.
// - Teams' legacy Office 365 connector: a MessageCard (it refuses a card without summary/text).
// - Generic: Sitrep's own small JSON document, versioned, for a relay or a script.
import type { JsonObject } from '../../../shared/contract'
import type { NotifyChannelType } from '../../../shared/notifySchemas'
import type { ChatMessage } from './templates'

const COLORS: Record<ChatMessage['tone'], string> = {
  alert: 'D92D20',
  warning: 'E37400',
  good: '1E8E3E',
  info: '1A73E8',
}

/** Slack mrkdwn treats &, < and > as markup; everything else is plain text. */
const slackEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

function plainText(m: ChatMessage): string {
  return [m.title, m.text ?? '', ...m.facts.map((f) => `${f.name}: ${f.value}`)]
    .filter((l) => l !== '')
    .join('\n')
}

export function slackPayload(m: ChatMessage): JsonObject {
  const blocks: JsonObject[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${slackEscape(m.title)}*` } },
  ]
  if (m.text) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: slackEscape(m.text) } })
  if (m.facts.length)
    blocks.push({
      type: 'section',
      fields: m.facts.map((f) => ({
        type: 'mrkdwn',
        text: `*${slackEscape(f.name)}*\n${slackEscape(f.value)}`,
      })),
    })
  return { text: slackEscape(plainText(m)), blocks }
}

export function teamsWorkflowPayload(m: ChatMessage): JsonObject {
  const body: JsonObject[] = [
    {
      type: 'TextBlock',
      text: m.title,
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
      color: m.tone === 'alert' ? 'Attention' : m.tone === 'good' ? 'Good' : 'Default',
    },
  ]
  if (m.text) body.push({ type: 'TextBlock', text: m.text, wrap: true })
  if (m.facts.length)
    body.push({ type: 'FactSet', facts: m.facts.map((f) => ({ title: f.name, value: f.value })) })
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          msteams: { width: 'Full' },
        },
      },
    ],
  }
}

export function teamsLegacyPayload(m: ChatMessage): JsonObject {
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: m.title,
    themeColor: COLORS[m.tone],
    title: m.title,
    ...(m.text ? { text: m.text.replace(/\n/g, '  \n') } : {}),
    sections: m.facts.length
      ? [{ facts: m.facts.map((f) => ({ name: f.name, value: f.value })) }]
      : [],
  }
}

export function genericPayload(m: ChatMessage): JsonObject {
  return {
    source: 'sitrep',
    version: 1,
    kind: m.kind,
    incidentId: m.incidentId,
    eventUid: m.eventUid,
    at: new Date(m.at).toISOString(),
    title: m.title,
    text: m.text,
    facts: m.facts.map((f) => ({ name: f.name, value: f.value })),
    tone: m.tone,
  }
}

export function payloadFor(type: NotifyChannelType, m: ChatMessage): JsonObject {
  switch (type) {
    case 'slack':
      return slackPayload(m)
    case 'teams':
      return teamsWorkflowPayload(m)
    case 'teams-legacy':
      return teamsLegacyPayload(m)
    case 'generic':
      return genericPayload(m)
  }
}
