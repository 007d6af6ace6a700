// The default timer policy: phase time boxes, escalation rules and the status-update cadence
// from the seed runbooks. A team stores its own instead (validated by timerPolicySchema).
import type { TimerPolicy } from '../../../shared/incidents'

export const defaultTimerPolicy: TimerPolicy = {
  responseStart: true,
  // Seeds 000 and 003: initial response within 15 min, then diagnosis within 30 min. Both boxes
  // count from the declaration and are met once the cause is identified; they are checkpoints
  // ("15 min gone and no cause yet: escalate?"), so reopening never fires them again.
  timeBoxes: [
    {
      id: 'initial-response',
      name: { en: 'Initial response', ja: '初期対応' },
      startMinutes: 0,
      minutes: 15,
      until: 'identified',
    },
    {
      id: 'diagnosis',
      name: { en: 'Diagnosis', ja: '問題分析' },
      startMinutes: 15,
      minutes: 30,
      until: 'identified',
    },
  ],
  // Seed 002's escalation table.
  escalations: [
    {
      id: 'unresolved-5m',
      when: { type: 'unresolved', minutes: 5 },
      notify: 'Team lead',
      label: {
        en: 'Not resolved in 5 min: contact the team lead',
        ja: '5分で解決不可：チームリードに連絡',
      },
    },
    {
      id: 'unresolved-10m',
      when: { type: 'unresolved', minutes: 10 },
      notify: 'CTO',
      label: { en: 'Not resolved in 10 min: contact the CTO', ja: '10分で解決不可：CTOに連絡' },
    },
    {
      id: 'data-loss',
      when: { type: 'flag', flag: 'dataLossRisk' },
      notify: 'Everyone',
      label: { en: 'Data-loss risk: notify everyone now', ja: 'データ損失リスク：即座に全体通知' },
    },
    {
      id: 'security',
      when: { type: 'flag', flag: 'securitySuspected' },
      notify: 'Security team',
      label: {
        en: 'Suspected security breach: call the security team now',
        ja: 'セキュリティ侵害疑い：セキュリティチーム即時招集',
      },
    },
  ],
  // Seed 001: internal status updates every 30 min.
  statusUpdateEveryMinutes: 30,
}
