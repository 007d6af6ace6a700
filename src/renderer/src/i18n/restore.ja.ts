// Japanese strings of reconnecting and of sessions restored after a restart (restore.en.ts).
import type { restoreEn } from './restore.en'

export const restoreJa: Record<keyof typeof restoreEn, string> = {
  'reconnect.down':
    '{since} に Sitrep コアとの接続が切れました（{ago} 前）。再接続しています: {attempt} 回目、次の試行まで {next} 秒。',
  'reconnect.trying':
    '{since} に Sitrep コアとの接続が切れました（{ago} 前）。再接続を試みています（{attempt} 回目）…',
  'reconnect.retryNow': '今すぐ再試行',
  'reconnect.back': '{at} に再接続しました。コアに届かなかった時間: {duration}。',
  'reconnect.restored': '再起動後に再開したセッション: {count}',
  'duration.seconds': '{s} 秒',
  'duration.minutes': '{m} 分 {s} 秒',
  'pane.restored.line':
    '— Sitrep が {restartedAt} に再起動したため、セッションを復元しました。{from} から {to} までの出力は受信していません —',
  'pane.lostLocal.line':
    '— Sitrep が {at} ごろ停止したため、このローカルシェルは終了しました。プロセスはもうなく復元できません。「新しいシェル」で開き直してください —',
  'pane.notRestored.line': '— Sitrep の停止によりこのセッションは終了し、再開されませんでした —',
  'pane.lost.error': 'Sitrep の停止で終了',
  'pane.newShell': '新しいシェル',
  'pane.newShell.tooltip': 'このペインの代わりに新しいローカルシェルを開きます',
}
