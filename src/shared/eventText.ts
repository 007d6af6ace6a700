// One human description per timeline event kind, in English and Japanese, used everywhere an
// event is read by a person: the timeline, status updates, the postmortem and every export. A
// responder hands these words to stakeholders, so no raw JSON, no internal kind names, no ids
// and no counts read from a field the event does not have. Payloads are read defensively: an
// event may come from an older version, another laptop or a bundle written by hand.
import type { JsonObject, JsonValue, TimelineEvent } from './contract'
import type { Lang } from './incidents'
import { formatValue } from './metricFormat'

export interface EventDescription {
  /** What kind of thing happened, in a word or two ("Severity", "Command"). */
  label: string
  /** One line of what happened. */
  summary: string
  /** The full text where there is more than a line (notes, status updates, command output). */
  body: string | null
}

export interface DescribeOptions {
  lang: Lang
  /** IANA zone for times inside a description (field changes of occurred/detected at). */
  timeZone?: string
  /** The sequence number of an event by uid, where the reader can point at it (`#12`). */
  seqOf?: (uid: string) => number | null
}

/** Every event kind Sitrep writes. A kind not listed still gets a readable description. */
export const EVENT_KINDS = [
  'incident.declared',
  'incident.severity_changed',
  'incident.status_changed',
  'incident.field_changed',
  'incident.role_changed',
  'incident.responders_changed',
  'incident.merged',
  'note',
  'correction',
  'event.pinned',
  'event.unpinned',
  'status_update.posted',
  'timer.fired',
  'runbook.started',
  'command.ran',
  'checklist.ticked',
  'checklist.unticked',
  'metric.threshold',
  'broadcast.line',
  'command.typed',
  'session.opened',
  'session.reconnecting',
  'session.closed',
  'psql.writesEnabled',
  'aws.alarm',
  'aws.deployment',
  'aws.logs',
  'notify.delivery',
  'log.matched',
  'deploy.marked',
  'rollback.suggested',
  'postmortem.edited',
  'k8s.rollout',
] as const
export type EventKind = (typeof EVENT_KINDS)[number]

type Words = Record<Lang, string>
const w = (en: string, ja: string): Words => ({ en, ja })

const LABELS: Record<EventKind, Words> = {
  'incident.declared': w('Incident declared', 'インシデント宣言'),
  'incident.severity_changed': w('Severity', '重要度'),
  'incident.status_changed': w('Status', 'ステータス'),
  'incident.field_changed': w('Details changed', '詳細の変更'),
  'incident.role_changed': w('Role', '役割'),
  'incident.responders_changed': w('Responders', '対応者'),
  'incident.merged': w('Merged', '統合'),
  note: w('Note', 'メモ'),
  correction: w('Correction', '訂正'),
  'event.pinned': w('Pinned', 'ピン留め'),
  'event.unpinned': w('Unpinned', 'ピン留め解除'),
  'status_update.posted': w('Status update', 'ステータス更新'),
  'timer.fired': w('Timer', 'タイマー'),
  'runbook.started': w('Runbook started', 'ランブック開始'),
  'command.ran': w('Command', 'コマンド'),
  'checklist.ticked': w('Step done', '手順完了'),
  'checklist.unticked': w('Step reopened', '手順を未完了に戻す'),
  'metric.threshold': w('Metric threshold', 'メトリクスしきい値'),
  'broadcast.line': w('Broadcast', '一斉入力'),
  'command.typed': w('Typed', '入力'),
  'session.opened': w('Session opened', 'セッション開始'),
  'session.reconnecting': w('Session reconnecting', 'セッション再接続中'),
  'session.closed': w('Session closed', 'セッション終了'),
  'psql.writesEnabled': w('Database writes enabled', 'DB 書き込み許可'),
  'aws.alarm': w('CloudWatch alarm', 'CloudWatch アラーム'),
  'aws.deployment': w('ECS deployment', 'ECS デプロイ'),
  'aws.logs': w('Log lines', 'ログ'),
  'notify.delivery': w('Chat notification', 'チャット通知'),
  'log.matched': w('Log lines', 'ログ行'),
  'deploy.marked': w('Deploy', 'デプロイ'),
  'rollback.suggested': w('Roll back now', '今すぐロールバック'),
  'postmortem.edited': w('Postmortem', 'ポストモーテム'),
  'k8s.rollout': w('Kubernetes rollout', 'Kubernetes ロールアウト'),
}

const STATUS: Record<string, Words> = {
  declared: w('Declared', '宣言済み'),
  investigating: w('Investigating', '調査中'),
  identified: w('Cause identified', '原因特定'),
  mitigating: w('Mitigating', '対応中'),
  monitoring: w('Monitoring', '経過観察中'),
  resolved: w('Resolved', '復旧済み'),
  closed: w('Closed', 'クローズ'),
}

const ROLES: Record<string, Words> = {
  commander: w('Incident commander', 'インシデント指揮者'),
  scribe: w('Scribe', '記録係'),
  communications: w('Communications', '連絡担当'),
}

const FIELDS: Record<string, Words> = {
  title: w('Title', 'タイトル'),
  services: w('Affected services', '影響サービス'),
  impactScope: w('Impact scope', '影響範囲'),
  detection: w('Detected by', '検知方法'),
  description: w('Description', '説明'),
  occurredAt: w('Occurred at', '発生時刻'),
  detectedAt: w('Detected at', '検知時刻'),
  dataLossRisk: w('Data-loss risk', 'データ損失リスク'),
  securitySuspected: w('Security suspected', 'セキュリティ疑い'),
}

const VALUES: Record<string, Words> = {
  all: w('All services', '全サービス'),
  core: w('Core functions', 'コア機能'),
  auxiliary: w('Auxiliary functions', '補助機能'),
  'monitoring-alert': w('Monitoring alert', '監視アラート'),
  'health-check': w('Health check', 'ヘルスチェック'),
  'user-report': w('User report', 'ユーザー報告'),
  'routine-check': w('Routine check', '定期確認'),
  maintenance: w('Maintenance', 'メンテナンス'),
}

const LEVELS: Record<string, Words> = {
  normal: w('normal', '正常'),
  warning: w('warning', '警告'),
  critical: w('critical', '危険'),
}

const SESSION_KINDS: Record<string, Words> = {
  local: w('local shell', 'ローカルシェル'),
  ssh: w('SSH', 'SSH'),
  kubectl: w('kubectl', 'kubectl'),
  psql: w('psql', 'psql'),
  redis: w('Redis console', 'Redis コンソール'),
}

/** What a chat notification was about (notify.delivery's `about`). */
const NOTIFY_ABOUT: Record<string, Words> = {
  status_update: w('Status update', 'ステータス更新'),
  declared: w('Declaration', 'インシデント宣言'),
  severity: w('Severity change', '重要度変更'),
  escalation: w('Escalation', 'エスカレーション'),
  resolved: w('Resolution', '復旧'),
  test: w('Test message', 'テスト通知'),
}

const CHANNEL_TYPES: Record<string, Words> = {
  slack: w('Slack', 'Slack'),
  teams: w('Teams', 'Teams'),
  'teams-legacy': w('Teams', 'Teams'),
  generic: w('webhook', 'Webhook'),
}

/** Status names as stakeholders read them (status updates use the same words). */
export function statusName(status: string, lang: Lang): string {
  return STATUS[status]?.[lang] ?? status
}

/** Impact scopes and detection methods as people read them. */
export function valueName(value: string, lang: Lang): string {
  return VALUES[value]?.[lang] ?? value
}

// ---------------------------------------------------------------------------------------------
// Defensive readers

const str = (p: JsonObject, ...keys: string[]): string | null => {
  for (const k of keys) {
    const v = p[k]
    if (typeof v === 'string' && v.trim() !== '') return v
  }
  return null
}

const num = (v: JsonValue | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null

const obj = (v: JsonValue | undefined): JsonObject | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? v : null

const strings = (v: JsonValue | undefined): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []

/** A value for people: lists joined, booleans as yes/no, objects never as JSON. */
function show(v: JsonValue | undefined, lang: Lang): string {
  if (v === null || v === undefined || v === '') return '—'
  if (Array.isArray(v)) return v.length ? v.map((x) => show(x, lang)).join(', ') : '—'
  if (typeof v === 'boolean')
    return v ? (lang === 'ja' ? 'はい' : 'yes') : lang === 'ja' ? 'いいえ' : 'no'
  if (typeof v === 'object') {
    const localized = str(v, lang, 'en', 'name', 'title', 'text')
    return localized ?? '—'
  }
  if (typeof v === 'string') return VALUES[v]?.[lang] ?? v
  return String(v)
}

function firstLine(text: string | null, max = 300): string {
  if (!text) return ''
  // One line of plain text: drop the Markdown marks a detail view renders.
  const line = (text.split('\n').find((l) => l.trim() !== '') ?? '')
    .replace(/^\s*(#{1,6}|[-*>]|\d+\.)\s+/, '')
    .replace(/\*\*|`/g, '')
    .trim()
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}

function when(ms: number, o: DescribeOptions): string {
  const opts: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }
  if (o.timeZone) opts.timeZone = o.timeZone
  return new Intl.DateTimeFormat(o.lang === 'ja' ? 'ja-JP' : 'en-GB', opts).format(ms)
}

const count = (n: number, one: string, many: string, lang: Lang): string =>
  lang === 'ja' ? `${n} ${one}` : `${n} ${n === 1 ? one : many}`

interface TargetOutcome {
  name: string
  exitCode: number | null
  error: string | null
  output: string
  durationMs: number | null
}

function outcomes(p: JsonObject): TargetOutcome[] {
  return (Array.isArray(p.targets) ? p.targets : []).flatMap((t) => {
    const o = obj(t)
    if (!o) return []
    return [
      {
        name: str(o, 'name', 'target', 'title') ?? '?',
        exitCode: num(o.exitCode),
        error: str(o, 'error'),
        output: str(o, 'output') ?? '',
        durationMs: num(o.durationMs),
      },
    ]
  })
}

/** Pane names listed for a broadcast line; more are counted, not named. */
const MAX_PANE_NAMES = 4

/**
 * The panes a broadcast line went to. `sessions.broadcastLine` stores `count`, `sessionIds` and
 * `sessions` (pane titles); events from older versions or other tools may carry only some of
 * these, or a `targets` list of names or `{name}` objects. The count is the largest any of them
 * gives, and 0 when none does (the line is then described without a number).
 */
function broadcastTargets(p: JsonObject): { names: string[]; n: number } {
  const list = (v: JsonValue | undefined): JsonValue[] => (Array.isArray(v) ? v : [])
  const names = (Array.isArray(p.sessions) ? list(p.sessions) : list(p.targets))
    .map((x) =>
      typeof x === 'string'
        ? x.trim()
        : (obj(x) && str(obj(x) as JsonObject, 'name', 'title')) || '',
    )
    .filter((x) => x !== '')
  const stated = num(p.count)
  const n = Math.max(
    stated !== null && Number.isInteger(stated) && stated > 0 ? stated : 0,
    list(p.sessionIds).length,
    list(p.sessions).length,
    list(p.targets).length,
  )
  return { names, n }
}

/** First line of a command, shortened: a status update is not a transcript. */
function shortCommand(command: string): string {
  const first = command.split('\n')[0]?.trim() ?? ''
  const more = command.trim().includes('\n') ? ' …' : ''
  return first.length > 80 ? `${first.slice(0, 79)}…` : `${first}${more}`
}

// ---------------------------------------------------------------------------------------------

const T = {
  en: {
    by: (s: string) => ` (${s})`,
    reason: (r: string) => ` — reason: ${r}`,
    pin: (seq: number | null) => (seq !== null ? `event #${seq}` : 'an event'),
    correctionOf: (seq: number | null) => (seq !== null ? `of event #${seq}` : ''),
    responders: (a: string[], r: string[]) =>
      [a.length ? `added ${a.join(', ')}` : '', r.length ? `removed ${r.join(', ')}` : '']
        .filter(Boolean)
        .join('; ') || 'no change',
    postmortemEdited: (n: number) => `draft edited (${count(n, 'section', 'sections', 'en')})`,
    merged: (n: number, origin: string, conflicts: number) =>
      `${count(n, 'event', 'events', 'en')} merged from ${origin}${conflicts ? `; ${count(conflicts, 'conflicting change', 'conflicting changes', 'en')}` : ''}`,
    timer: (name: string, notify: string | null) => `${name}${notify ? ` → notify ${notify}` : ''}`,
    runbook: (title: string, v: string | null) => `${title}${v ? ` (version ${v})` : ''}`,
    ran: (cmd: string, where: string, failed: string[], n: number) =>
      n === 0
        ? `${cmd}`
        : `${cmd} on ${where} — ${failed.length ? `failed on ${failed.join(', ')}` : 'ok'}`,
    confirmed: (who: string) => `confirmed by ${who}`,
    ticked: (step: string, auto: boolean, comment: string | null) =>
      `${step}${auto ? ' (every target exited 0)' : ''}${comment ? ` — ${comment}` : ''}`,
    crossing: (src: string, metric: string, from: string, to: string, v: string, line: string) =>
      `${src}: ${metric} ${from} → ${to} (${v}, threshold ${line})`,
    broadcast: (text: string, n: number, names: string[]) => {
      const shown = names.slice(0, MAX_PANE_NAMES)
      const more = names.length - shown.length
      const which = shown.length
        ? ` (${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''})`
        : ''
      return n > 0 ? `${text} → ${count(n, 'pane', 'panes', 'en')}${which}` : text
    },
    typed: (text: string, session: string) => `$ ${text} (in ${session})`,
    session: (title: string, kind: string) => `${title}${kind ? ` (${kind})` : ''}`,
    exit: (code: number | null, error: string | null) =>
      error ? ` — ${error}` : code !== null ? ` — exit ${code}` : '',
    writes: (session: string, reason: string) =>
      `${session}${reason ? ` — reason: ${reason}` : ''}`,
    alarm: (src: string, alarm: string, firing: boolean, atStart: boolean, reason: string | null) =>
      `${src}: ${alarm} ${firing ? (atStart ? 'already in ALARM' : 'in ALARM') : 'no longer in ALARM'}${reason ? ` — ${reason}` : ''}`,
    deployment: (
      svc: string,
      td: string,
      state: string | null,
      change: string,
      reason: string | null,
    ) =>
      `${svc}: ${change === 'state' ? 'rollout' : 'deployment'} of ${td || '?'}${state ? ` ${state === 'IN_PROGRESS' ? 'in progress' : state === 'COMPLETED' ? 'completed' : state === 'FAILED' ? 'FAILED' : state}` : ''}${reason ? ` — ${reason}` : ''}`,
    logLines: (src: string, n: number, atLeast: boolean, group: string, pattern: string) =>
      `${src}: ${atLeast ? 'at least ' : ''}${count(n, 'line', 'lines', 'en')} matching ${pattern ? `"${pattern}"` : 'the filter'} in ${group}`,
    logMatched: (src: string, path: string, first: string, more: number) =>
      `${src}: ${first ? `"${first}"` : 'a matching line'} in ${path}${more > 0 ? ` and ${count(more, 'more line', 'more lines', 'en')} like this` : ''}`,
    deploy: (via: string, what: string | null, subject: string | null, version: string | null) =>
      `${via === 'hand' ? 'Deploy marked by hand' : via === 'ecs' ? 'ECS deployment' : via === 'kubernetes' ? 'Kubernetes rollout' : `Deploy by ${what ?? 'a command'}`}${subject && via !== 'hand' ? ` of ${subject}` : ''}${version ? ` — version ${version}` : ''}`,
    rollback: (src: string, rate: string, line: string, mins: string, what: string) =>
      `${src}: error rate ${rate} above ${line} for ${mins} after ${what} — the rollback rule says roll back first, investigate later`,
    theDeploy: 'the deploy',
    rollout: (
      src: string,
      deployment: string,
      generation: string,
      restarted: boolean,
      image: string | null,
    ) =>
      `${src}: deployment ${deployment} rolled out (generation ${generation})${restarted ? ', pods restarted' : ''}${image ? ` — image ${image}` : ''}`,
    delivery: (
      channel: string,
      about: string,
      state: string,
      attempt: number | null,
      reason: string | null,
      retryInMs: number | null,
      by: string | null,
    ) => {
      const what = `${about} to ${channel}`
      if (state === 'queued') return `${what}: queued`
      if (state === 'sent')
        return `${what}: sent${attempt && attempt > 1 ? ` (try ${attempt})` : ''}${by ? ` by ${by}` : ''}`
      if (state === 'retrying')
        return `${what}: try ${attempt ?? '?'} failed${reason ? ` (${reason})` : ''}${retryInMs !== null ? `; next try in ${Math.max(1, Math.round(retryInMs / 1000))} s` : ''}`
      return `${what}: failed${reason ? ` (${reason})` : ''}`
    },
    anEvent: 'Event',
    crashed: 'Sitrep stopped before this session ended (crash or kill)',
  },
  ja: {
    by: (s: string) => `（${s}）`,
    reason: (r: string) => ` — 理由: ${r}`,
    pin: (seq: number | null) => (seq !== null ? `イベント #${seq}` : 'イベント'),
    correctionOf: (seq: number | null) => (seq !== null ? `イベント #${seq} の訂正` : ''),
    responders: (a: string[], r: string[]) =>
      [a.length ? `追加: ${a.join(', ')}` : '', r.length ? `外れた: ${r.join(', ')}` : '']
        .filter(Boolean)
        .join('、') || '変更なし',
    postmortemEdited: (n: number) => `下書きを編集（${n} 項目）`,
    merged: (n: number, origin: string, conflicts: number) =>
      `${origin} から ${n} 件のイベントを統合${conflicts ? `（競合 ${conflicts} 件）` : ''}`,
    timer: (name: string, notify: string | null) =>
      `${name}${notify ? ` → 連絡先: ${notify}` : ''}`,
    runbook: (title: string, v: string | null) => `${title}${v ? `（バージョン ${v}）` : ''}`,
    ran: (cmd: string, where: string, failed: string[], n: number) =>
      n === 0
        ? `${cmd}`
        : `${cmd}（${where}）— ${failed.length ? `失敗: ${failed.join(', ')}` : '成功'}`,
    confirmed: (who: string) => `確認者: ${who}`,
    ticked: (step: string, auto: boolean, comment: string | null) =>
      `${step}${auto ? '（全対象が終了コード 0）' : ''}${comment ? ` — ${comment}` : ''}`,
    crossing: (src: string, metric: string, from: string, to: string, v: string, line: string) =>
      `${src}: ${metric} ${from} → ${to}（${v}、しきい値 ${line}）`,
    broadcast: (text: string, n: number, names: string[]) => {
      const shown = names.slice(0, MAX_PANE_NAMES)
      const more = names.length - shown.length
      const which = shown.length ? `: ${shown.join(', ')}${more > 0 ? ` ほか ${more} 件` : ''}` : ''
      return n > 0 ? `${text} → ${n} ペイン${which ? `（${which.slice(2)}）` : ''}` : text
    },
    typed: (text: string, session: string) => `$ ${text}（${session}）`,
    session: (title: string, kind: string) => `${title}${kind ? `（${kind}）` : ''}`,
    exit: (code: number | null, error: string | null) =>
      error ? ` — ${error}` : code !== null ? ` — 終了コード ${code}` : '',
    writes: (session: string, reason: string) => `${session}${reason ? ` — 理由: ${reason}` : ''}`,
    alarm: (src: string, alarm: string, firing: boolean, atStart: boolean, reason: string | null) =>
      `${src}: ${alarm} ${firing ? (atStart ? 'は既に ALARM 状態' : 'が ALARM 状態に') : 'の ALARM が解除'}${reason ? ` — ${reason}` : ''}`,
    deployment: (
      svc: string,
      td: string,
      state: string | null,
      change: string,
      reason: string | null,
    ) =>
      `${svc}: ${td || '?'} の${change === 'state' ? 'ロールアウト' : 'デプロイ'}${state ? ` ${state === 'IN_PROGRESS' ? '進行中' : state === 'COMPLETED' ? '完了' : state === 'FAILED' ? '失敗' : state}` : ''}${reason ? ` — ${reason}` : ''}`,
    logLines: (src: string, n: number, atLeast: boolean, group: string, pattern: string) =>
      `${src}: ${group} で ${pattern ? `「${pattern}」` : 'フィルター'}に一致する行が ${n} 行${atLeast ? '以上' : ''}`,
    logMatched: (src: string, path: string, first: string, more: number) =>
      `${src}: ${path} に${first ? `「${first}」` : '一致する行'}${more > 0 ? `、ほか同様の行が ${more} 行` : ''}`,
    deploy: (via: string, what: string | null, subject: string | null, version: string | null) =>
      `${via === 'hand' ? '手動でデプロイを記録' : via === 'ecs' ? 'ECS デプロイ' : via === 'kubernetes' ? 'Kubernetes ロールアウト' : `${what ?? 'コマンド'} によるデプロイ`}${subject && via !== 'hand' ? `（${subject}）` : ''}${version ? ` — バージョン ${version}` : ''}`,
    rollback: (src: string, rate: string, line: string, mins: string, what: string) =>
      `${src}: ${what} の後、エラー率 ${rate} が ${line} を ${mins}超えています — ロールバック基準により、調査より先にロールバック`,
    theDeploy: 'デプロイ',
    rollout: (
      src: string,
      deployment: string,
      generation: string,
      restarted: boolean,
      image: string | null,
    ) =>
      `${src}: デプロイメント ${deployment} のロールアウト（世代 ${generation}）${restarted ? '、Pod 再起動' : ''}${image ? ` — イメージ ${image}` : ''}`,
    delivery: (
      channel: string,
      about: string,
      state: string,
      attempt: number | null,
      reason: string | null,
      retryInMs: number | null,
      by: string | null,
    ) => {
      const what = `${channel} への${about}`
      if (state === 'queued') return `${what}: 送信待ち`
      if (state === 'sent')
        return `${what}: 送信済み${attempt && attempt > 1 ? `（${attempt} 回目）` : ''}${by ? `（${by} が送信）` : ''}`
      if (state === 'retrying')
        return `${what}: ${attempt ?? '?'} 回目の送信に失敗${reason ? `（${reason}）` : ''}${retryInMs !== null ? `、${Math.max(1, Math.round(retryInMs / 1000))} 秒後に再送` : ''}`
      return `${what}: 送信失敗${reason ? `（${reason}）` : ''}`
    },
    anEvent: 'イベント',
    crashed: 'セッションが終わる前に Sitrep が停止しました（クラッシュまたは強制終了）',
  },
} as const

/** A threshold crossing (the timeline event's payload, or a live alert) as one line. */
export function crossingText(p: JsonObject, lang: Lang): string {
  const metric = str(p, 'metric') ?? '?'
  const v = (x: JsonValue | undefined): string =>
    num(x) !== null ? formatValue(metric, num(x) as number) : '—'
  const level = (x: JsonValue | undefined): string =>
    typeof x === 'string' ? (LEVELS[x]?.[lang] ?? x) : '—'
  return T[lang].crossing(
    str(p, 'source') ?? '?',
    metric,
    level(p.from),
    level(p.to),
    v(p.value),
    v(p.threshold),
  )
}

/** The words for one event: its label, one line, and the full text where there is one. */
export function describeEvent(e: TimelineEvent, o: DescribeOptions): EventDescription {
  const { lang } = o
  const t = T[lang]
  const p = e.payload
  const known = (EVENT_KINDS as readonly string[]).includes(e.kind)
  const label = known ? LABELS[e.kind as EventKind][lang] : t.anEvent
  const reason = str(p, 'reason')
  const withReason = (s: string): string => (reason ? `${s}${t.reason(reason)}` : s)
  const text = str(p, 'text')
  const seqOf = (uid: string | null): number | null => (uid && o.seqOf ? o.seqOf(uid) : null)
  const one = (summary: string, body: string | null = null): EventDescription => ({
    label,
    summary,
    body,
  })
  switch (e.kind) {
    case 'incident.declared':
      return one(`${show(p.severity, lang)} ${show(p.title, lang)}`, str(p, 'description'))
    case 'incident.severity_changed':
      return one(withReason(`${show(p.from, lang)} → ${show(p.to, lang)}`))
    case 'incident.status_changed':
      return one(
        withReason(
          `${statusName(str(p, 'from') ?? '—', lang)} → ${statusName(str(p, 'to') ?? '—', lang)}`,
        ),
      )
    case 'incident.field_changed': {
      const field = str(p, 'field') ?? ''
      const fmt = (v: JsonValue | undefined): string =>
        (field === 'occurredAt' || field === 'detectedAt') && num(v) !== null
          ? when(num(v) as number, o)
          : field === 'description'
            ? firstLine(typeof v === 'string' ? v : null, 80) || '—'
            : show(v, lang)
      const name = FIELDS[field]?.[lang] ?? field
      return one(`${name}: ${fmt(p.from)} → ${fmt(p.to)}`)
    }
    case 'incident.role_changed': {
      const role = str(p, 'role') ?? ''
      const name = ROLES[role]?.[lang] ?? role
      // A first assignment reads "Scribe: kenji", a hand-over "Scribe: kenji → yuki".
      const from = str(p, 'from')
      return one(`${name}: ${from ? `${from} → ` : ''}${show(p.to, lang)}`)
    }
    case 'incident.responders_changed':
      return one(t.responders(strings(p.added), strings(p.removed)))
    case 'incident.merged':
      return one(
        t.merged(
          num(p.added) ?? 0,
          str(p, 'origin') ?? '?',
          Array.isArray(p.conflicts) ? p.conflicts.length : 0,
        ),
      )
    case 'note':
    case 'status_update.posted':
      return one(firstLine(text), text)
    case 'correction': {
      const of = t.correctionOf(seqOf(e.amends ?? null))
      return one(`${of ? `${of}: ` : ''}${firstLine(text)}`, text)
    }
    case 'event.pinned':
    case 'event.unpinned':
      return one(t.pin(seqOf(str(p, 'target'))))
    case 'timer.fired': {
      const name = obj(p.name)
      const named =
        (name && str(name, lang, 'en', 'ja')) ?? str(p, 'name') ?? str(p, 'key') ?? label
      return one(t.timer(named, str(p, 'notify')))
    }
    case 'runbook.started':
      return one(
        t.runbook(
          str(p, 'title', 'runbookId') ?? '?',
          num(p.version) !== null ? String(p.version) : str(p, 'version'),
        ),
      )
    case 'command.ran': {
      const command = str(p, 'command') ?? ''
      const what = str(p, 'name', 'stepText', 'step') ?? shortCommand(command)
      const ts = outcomes(p)
      const failed = ts.filter((x) => x.exitCode !== 0).map((x) => x.name)
      const body = [
        `$ ${command}`,
        ...ts.map(
          (x) =>
            `--- ${x.name} (${x.exitCode === null ? '—' : `exit ${x.exitCode}`}${x.durationMs !== null ? `, ${x.durationMs} ms` : ''})\n${x.error ?? x.output}`,
        ),
        ...(str(p, 'confirmedBy') ? [t.confirmed(str(p, 'confirmedBy') as string)] : []),
      ].join('\n')
      return one(t.ran(what, ts.map((x) => x.name).join(', '), failed, ts.length), body)
    }
    case 'checklist.ticked':
    case 'checklist.unticked':
      return one(
        t.ticked(str(p, 'step', 'stepText', 'text') ?? '?', p.auto === true, str(p, 'comment')),
      )
    case 'metric.threshold':
      return one(crossingText(p, lang))
    case 'broadcast.line': {
      const { names, n } = broadcastTargets(p)
      return one(t.broadcast(shortCommand(str(p, 'text', 'line') ?? ''), n, names))
    }
    case 'command.typed':
      return one(t.typed(text ?? '', str(p, 'session', 'title') ?? '?'))
    case 'session.opened':
    case 'session.reconnecting':
    case 'session.closed': {
      const kind = str(p, 'kind')
      const title =
        str(p, 'title', 'session') ?? (kind ? (SESSION_KINDS[kind]?.[lang] ?? kind) : '?')
      const s = t.session(
        title,
        kind && title !== kind ? (SESSION_KINDS[kind]?.[lang] ?? kind) : '',
      )
      if (e.kind === 'session.closed') {
        // A session cut by a crash is closed at the next start (crashSweep.ts) with reason 'crash'.
        const error = str(p, 'reason') === 'crash' ? t.crashed : str(p, 'error')
        return one(`${s}${t.exit(num(p.exitCode), error)}`)
      }
      if (e.kind === 'session.reconnecting') return one(withReason(s))
      return one(s)
    }
    case 'psql.writesEnabled':
      return one(t.writes(str(p, 'session') ?? '?', reason ?? ''))
    case 'aws.alarm':
      return one(
        t.alarm(
          str(p, 'source') ?? '?',
          str(p, 'alarm') ?? '?',
          str(p, 'state') === 'ALARM',
          p.atStart === true,
          reason,
        ),
      )
    case 'aws.deployment':
      return one(
        t.deployment(
          str(p, 'service') ?? '?',
          str(p, 'taskDefinition') ?? '',
          str(p, 'rolloutState'),
          str(p, 'change') ?? 'started',
          reason,
        ),
      )
    case 'aws.logs': {
      const lines = strings(p.lines)
      return one(
        t.logLines(
          str(p, 'source') ?? '?',
          num(p.count) ?? lines.length,
          p.atLeast === true,
          str(p, 'logGroup') ?? '?',
          str(p, 'filterPattern') ?? '',
        ),
        lines.length ? lines.join('\n') : null,
      )
    }
    case 'log.matched': {
      // An error-log source's grouped lines: the first quoted, the rest counted (never a flood).
      const lines = strings(p.lines)
      const first = lines[0] ?? ''
      const more = num(p.more) ?? Math.max(0, (num(p.count) ?? lines.length) - 1)
      return one(
        t.logMatched(
          str(p, 'source') ?? '?',
          str(p, 'path') ?? '?',
          first.length > 200 ? `${first.slice(0, 199)}…` : first,
          more,
        ),
        lines.length ? lines.join('\n') : null,
      )
    }
    case 'deploy.marked':
      return one(
        t.deploy(str(p, 'via') ?? 'hand', str(p, 'what'), str(p, 'subject'), str(p, 'version')),
        str(p, 'command'),
      )
    case 'k8s.rollout':
      return one(
        t.rollout(
          str(p, 'source') ?? '?',
          `${str(p, 'namespace') ? `${str(p, 'namespace')}/` : ''}${str(p, 'deployment') ?? '?'}`,
          num(p.generation) !== null ? String(num(p.generation)) : '?',
          p.restarted === true,
          str(p, 'image'),
        ),
      )
    case 'rollback.suggested': {
      const pct = (x: JsonValue | undefined): string =>
        num(x) !== null ? `${Math.round((num(x) as number) * 10) / 10} %` : '—'
      const secs = num(p.forSec) ?? 0
      const mins =
        secs >= 60 && secs % 60 === 0
          ? lang === 'ja'
            ? `${secs / 60} 分間`
            : `${secs / 60} min`
          : lang === 'ja'
            ? `${secs} 秒間`
            : `${secs} s`
      const version = str(p, 'version')
      const what = version ? `${t.theDeploy} ${version}` : t.theDeploy
      return one(
        t.rollback(str(p, 'source') ?? '?', pct(p.value), pct(p.thresholdPercent), mins, what),
      )
    }
    case 'postmortem.edited': {
      const sections = p.sections
      const n =
        sections && typeof sections === 'object' && !Array.isArray(sections)
          ? Object.keys(sections).length
          : 0
      return one(t.postmortemEdited(n))
    }
    case 'notify.delivery': {
      const about = str(p, 'about') ?? ''
      const type = str(p, 'channelType') ?? ''
      const channel = `${CHANNEL_TYPES[type]?.[lang] ?? t.anEvent} ${str(p, 'channel') ?? '?'}`
      return one(
        t.delivery(
          channel,
          NOTIFY_ABOUT[about]?.[lang] ?? NOTIFY_ABOUT.status_update?.[lang] ?? '',
          str(p, 'state') ?? '',
          num(p.attempt),
          reason,
          num(p.retryInMs),
          str(p, 'by'),
        ),
      )
    }
    default:
      // A kind from a newer version: its own text if it has one, else nothing internal.
      return one(text ? firstLine(text) : '', text)
  }
}

// Summaries that already start with what changed ("Scribe: kenji", "Title: a → b").
const NAMED_SUMMARY = new Set(['incident.role_changed', 'incident.field_changed'])

/** The event as one line for documents: "Label: summary". */
export function eventLine(e: TimelineEvent, o: DescribeOptions): string {
  const d = describeEvent(e, o)
  if (NAMED_SUMMARY.has(e.kind) && d.summary) return d.summary
  return d.summary ? `${d.label}: ${d.summary}` : d.label
}
