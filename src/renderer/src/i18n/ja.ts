// Japanese. Typed against the English keys: a missing or misspelled key is a type error.
import type { Messages } from './en'

export const ja: Messages = {
  'app.name': 'Sitrep',
  'app.loading': 'Sitrep を起動しています…',
  'app.unreachable': 'Sitrep コアに接続できません。再試行しています…',

  'header.noIncident': '対応中のインシデントはありません',
  'header.appVersion': 'バージョン {version}（{shell}）',

  'connection.connecting': '接続中',
  'connection.connected': '接続済み',
  'connection.disconnected': '切断',
  'connection.tooltip.connecting': 'Sitrep コアに接続しています…',
  'connection.tooltip.connected': 'Sitrep コアに接続しています。',
  'connection.tooltip.disconnected': 'Sitrep コアとの接続が切れました。再試行しています…',

  'lang.label': '言語',

  'timeline.title': 'タイムライン',
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

  'pane.state.connecting': '接続中',
  'pane.state.connected': '接続済み',
  'pane.state.reconnecting': '再接続中',
  'pane.state.closed': '終了',
  'pane.exitCode': '終了コード {code}',
  'pane.close': 'ペインを閉じる',
  'pane.close.running': 'このセッションを終了してペインを閉じる',
  'pane.close.closed': 'このペインを取り除く',

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

  'toast.dismiss': '閉じる',
  'toast.region': '通知',
  'action.failed.loadStatus': 'データベースの状態を読み取れませんでした',
  'action.failed.listSessions': 'ターミナルセッションの一覧を取得できませんでした',
  'action.failed.openLocal': 'ローカルシェルを開けませんでした',
  'action.failed.attach': 'ターミナルセッションに再接続できませんでした',
  'action.failed.close': 'ターミナルセッションを閉じられませんでした',
  'action.failed.resize': 'ターミナルのサイズを変更できませんでした',
  'action.failed.openBackup': 'バックアップを開けませんでした',
  'action.failed.startNew': '新しいデータベースファイルを作成できませんでした',
  'error.unexpected': '予期しないエラー: {message}',
}
