// Japanese. Typed against the English keys: a missing or misspelled key is a type error.
import { FIRST_SCREEN_STRINGS } from '../../../shared/firstScreenSketch'
import { keyboardJa } from './keyboard.ja'
import { metricsJa } from './metrics.ja'
import { awsJa } from './aws.ja'
import { deploysJa } from './deploys.ja'
import type { Messages } from './en'
import { incidentsJa } from './incidents.ja'
import { exportJa } from './export.ja'
import { targetsJa } from './targets.ja'
import { sessionsJa } from './sessions.ja'
import { runbooksJa } from './runbooks.ja'
import { restoreJa } from './restore.ja'
import { secretsJa } from './secrets.ja'
import { teamJa } from './team.ja'
import { notifyJa } from './notify.ja'

export const ja: Messages = {
  'dock.label': 'ホストと録画',
  'app.loading': 'Sitrep を起動しています…',
  'app.loadingPart': '読み込み中…',
  'app.unreachable': 'Sitrep コアに接続できません。再試行しています…',

  'header.noIncident': '対応中のインシデントはありません',
  'header.more': 'その他 ▾',
  'header.appVersion': 'バージョン {version}（{shell}）',

  'connection.connecting': '接続中',
  'connection.connected': '接続済み',
  'connection.disconnected': '切断',
  'connection.tooltip.connecting': 'Sitrep コアに接続しています…',
  'connection.tooltip.connected': 'Sitrep コアに接続しています。',
  'connection.tooltip.disconnected': 'Sitrep コアとの接続が切れました。再試行しています…',

  'lang.label': '言語',

  'timeline.empty': 'まだイベントはありません。インシデントを宣言するとタイムラインが始まります。',

  'checklist.title': 'チェックリスト',
  'checklist.empty': 'ランブックが読み込まれていません。',

  'metrics.title': 'メトリクス',
  'metrics.empty': '収集中のメトリクスはありません。',

  'grid.title': 'ターミナル',
  'grid.addLocal': '+ ローカルシェル',
  'grid.addLocal.tooltip': 'このマシンでシェルを開く',
  'grid.empty': '開いているターミナルはありません。',
  'grid.opening': 'ローカルシェルを開いています…',

  'grid.layout': 'レイアウト',
  'grid.layout.auto': '自動（{count}）',
  'grid.layout.one': '1 ペイン',
  'grid.layout.many': '{count} ペイン',
  'grid.pages': 'ペインのページ',
  'grid.page': '{first}–{last} / {total}',
  'grid.page.previous': '前のペイン',
  'grid.page.next': '次のペイン',

  'broadcast.toggle': '一斉入力',
  'broadcast.toggle.off':
    '一斉入力: 対象ペインで入力・貼り付けした内容を、すべての対象ペインに送ります',
  'broadcast.toggle.on': '一斉入力を終了し、入力を 1 つのペインだけに戻します',
  'broadcast.count.one': '1 ペインに一斉入力中',
  'broadcast.count.other': '{count} ペインに一斉入力中',
  'broadcast.pick': '一斉入力の対象',
  'broadcast.all': 'すべて',
  'broadcast.all.tooltip': '開いているすべてのペインを一斉入力の対象にする',
  'broadcast.none': 'なし',
  'broadcast.none.tooltip': 'すべてのペインを一斉入力の対象から外す',
  'broadcast.include': '{pane} に一斉入力する',
  'broadcast.include.tooltip': 'このペインを一斉入力の対象に含める',

  'pane.state.connecting': '接続中',
  'pane.state.connected': '接続済み',
  'pane.state.reconnecting': '再接続中',
  'pane.state.closed': '終了',
  'pane.exitCode': '終了コード {code}',
  'pane.close': 'ペインを閉じる',
  'pane.close.running': 'このセッションを終了してペインを閉じる',
  'pane.close.closed': 'このペインを取り除く',

  'pane.label': '{title}（#{channel}）',
  'pane.drag': '別のペインにドラッグすると入れ替わります。ダブルクリックで最大化します',
  'pane.search': 'このペインを検索（Ctrl+Shift+F）',
  'pane.maximise': 'このペインを最大化',
  'pane.restore': 'グリッドに戻す（Esc）',

  'search.label': 'ターミナル内を検索',
  'search.placeholder': '検索',
  'search.previous': '前の一致（Shift+Enter）',
  'search.next': '次の一致（Enter）',
  'search.caseSensitive': '大文字と小文字を区別',
  'search.close': '検索を閉じる（Esc）',
  'search.position': '{count} 件中 {index} 件目',
  'search.many': '{count} 件以上',
  'search.none': '一致なし',

  'clipboard.copied': 'ペイン {pane} からクリップボードにコピーしました（{chars} 文字）',
  'clipboard.failed': 'ペイン {pane} からクリップボードにコピーできませんでした',
  'clipboard.tooLarge':
    'ペイン {pane} のプログラムが {size} をクリップボードにコピーしようとしました。上限は {limit} のため、コピーしませんでした。',
  'clipboard.controlsRemoved':
    'ペイン {pane} のプログラムが制御文字 {count} 個を含むテキストをクリップボードにコピーしました。制御文字は取り除きました（コピーするのは表示できる文字・タブ・改行のみです）。',
  'paste.controlsRemoved':
    '{pane} への貼り付けから制御文字 {count} 個を取り除きました。貼り付けを途中で終わらせ、後続をコマンドとして実行させるおそれがあるためです。',
  'paste.confirm.production':
    '本番ペイン {pane} に貼り付けますか？\n\n{lines} 行あります。改行ごとに、その前までがコマンドとして実行されます。取り除いた制御文字: {removed} 個。',
  'paste.confirm.broadcast':
    'ブロードキャスト中のすべてのペインに貼り付けますか？\n\n{lines} 行あります。改行ごとに、その前までがコマンドとしてすべての対象で実行されます。取り除いた制御文字: {removed} 個。',

  'link.confirm': 'このリンクをブラウザで開きますか？\n\n{url}',

  'store.title': 'インシデントデータベースを開けません',
  'store.reason.corrupt':
    'データベースファイルが破損しているか、Sitrep のデータベースではありません。',
  'store.reason.unreadable':
    'データベースファイルを読み取れません（権限、他のプログラムによるロック、またはフォルダーが存在しない可能性があります）。',
  'store.reason.too-new':
    'このデータベースファイルは、より新しいバージョンの Sitrep で書き込まれています。',
  'store.details': '発生した問題',
  'store.path': 'ファイル',
  'store.untouched':
    'Sitrep はこのファイルに一切手を加えません。上書き・修復・削除はしないため、後から調査できます。',
  'store.backups': 'バックアップ',
  'store.backups.hint':
    'バックアップを開くと、新しいデータベースファイルにコピーしてそのコピーで作業します。',
  'store.backups.none': 'バックアップは見つかりませんでした。',
  'store.backup.file': 'ファイル',
  'store.backup.time': '取得日時',
  'store.backup.size': 'サイズ',
  'store.openBackup': 'このバックアップを開く',
  'store.startNew': '新しいデータベースファイルで始める',
  'store.startNew.hint':
    '空のデータベースで始めます。これまでのインシデントは、手を加えていないファイルとバックアップに残ります。',
  'store.working': '処理中…',
  'store.check.running': 'データベースファイルをバックグラウンドで検査しています…',
  'store.check.ok': 'データベースファイルを検査しました。破損はありません。',
  'store.check.unchecked': 'データベースファイルを検査できませんでした（{detail}）。',
  'store.check.damaged':
    'データベースファイルが破損しています。バックアップを開いてください。バックアップ以降の作業はこのファイルに残り、ファイルはそのまま保持されます。',

  'toast.dismiss': '閉じる',
  'toast.region': '通知',
  'action.failed.loadStatus': 'データベースの状態を読み取れませんでした',
  'store.permissionsRepaired':
    'データフォルダー内の {count} 個のファイルまたはフォルダーがこのコンピューターの他のユーザーから読み取れる状態でした。あなたのアカウント専用に変更しました。',
  'action.failed.listSessions': 'ターミナルセッションの一覧を取得できませんでした',
  'action.failed.openLocal': 'ローカルシェルを開けませんでした',
  'action.failed.attach': 'ターミナルセッションに再接続できませんでした',
  'action.failed.close': 'ターミナルセッションを閉じられませんでした',
  'action.failed.resize': 'ターミナルのサイズを変更できませんでした',
  'action.failed.openBackup': 'バックアップを開けませんでした',
  'action.failed.startNew': '新しいデータベースファイルを作成できませんでした',
  'error.unexpected': '予期しないエラー: {message}',
  'error.code.invalid_params': '入力内容を受け付けられませんでした。詳細: {detail}',
  'error.code.unknown_method': 'この操作には対応していません。詳細: {detail}',
  'error.code.store_unavailable': 'データベースを開けません。詳細: {detail}',
  'error.code.not_found': '対象が見つかりません。詳細: {detail}',
  'error.code.session_failed': 'セッションを開始できませんでした。詳細: {detail}',
  'error.code.host_key_changed':
    'ホスト鍵が変わっています。なりすましの可能性があるため接続を中止しました。詳細: {detail}',
  'error.code.host_key_rejected':
    'ホスト鍵が承認されなかったため接続しませんでした。詳細: {detail}',
  'error.code.auth_failed': '認証に失敗しました（自動での再試行はしません）。詳細: {detail}',
  'error.code.connect_failed': '接続できませんでした。詳細: {detail}',
  'error.code.disk_full':
    'ディスクの空きがないため保存できませんでした。記録済みのデータは無事です。空きを作ると保存を再開します。詳細: {detail}',
  'error.code.confirmation_required':
    '危険なコマンドのため、対象を確認したうえでの実行確認が必要です。詳細: {detail}',
  'error.code.exec_timeout': 'コマンドが制限時間内に終わらなかったため停止しました。詳細: {detail}',
  'error.code.cancelled': '取り消しました。詳細: {detail}',
  'error.code.internal': '予期しないエラーです。詳細: {detail}',
  // The first screen sketch's words (shared/firstScreenSketch.ts), drawn before this loads.
  ...FIRST_SCREEN_STRINGS.ja,
  ...incidentsJa,
  ...exportJa,
  ...targetsJa,
  ...sessionsJa,
  ...runbooksJa,
  ...restoreJa,
  ...secretsJa,
  ...teamJa,
  ...notifyJa,
  ...metricsJa,
  ...awsJa,
  ...deploysJa,
  ...keyboardJa,
}
