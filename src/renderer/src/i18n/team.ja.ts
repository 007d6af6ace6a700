// チーム同期の文言（features/team）。ja.ts が取り込む。
import type { teamEn } from './team.en'

export const teamJa: Record<keyof typeof teamEn, string> = {
  'team.state.local-only': 'ローカルのみ',
  'team.state.connecting': '接続中…',
  'team.state.syncing': '同期中…',
  'team.state.synced': '同期済み',
  'team.state.offline': 'オフライン — 送信待ち {n} 件',
  'team.state.refused': 'チーム同期が拒否されました',
  'team.tooltip.local-only':
    'チームのデータベースが未設定です。インシデントはこのPCにのみ保存されます。',
  'team.tooltip.synced': 'このPCのイベントはすべてチームのデータベース（{server}）にあります。',
  'team.tooltip.polling':
    'この接続ではリアルタイム通知が使えません。新しいイベントは1秒ごとのポーリングで届きます。',
  'team.panel.title': 'チーム',
  'team.panel.intro':
    'チームの PostgreSQL を通じてインシデントを共有します。オフラインでも作業を続けられ、イベントは接続できたときに送信されます。',
  'team.form.host': 'ホスト',
  'team.form.port': 'ポート',
  'team.form.database': 'データベース',
  'team.form.user': 'ユーザー（あなたの PostgreSQL ロール）',
  'team.form.password': 'パスワード',
  'team.form.password.saved':
    'パスワードは保存済みです。変更しない場合は空欄のままにしてください。',
  'team.form.sslmode': 'TLS',
  'team.form.sslmode.verify-full': 'verify-full：CA とホスト名を検証',
  'team.form.sslmode.verify-ca': 'verify-ca：CA のみ検証',
  'team.form.sslmode.require': 'require：暗号化のみ（検証なし）',
  'team.form.sslmode.disable': 'disable：TLS なし',
  'team.form.caFile': 'CA ファイル（PEM）',
  'team.form.caFile.hint': 'サーバー証明書に署名した認証局の証明書です。',
  'team.form.certFile': 'クライアント証明書（PEM・任意）',
  'team.form.certFile.hint': '証明書でログインさせるサーバー（pg_hba.conf が cert）で使います。',
  'team.form.keyFile': 'クライアント秘密鍵（PEM）',
  'team.form.keyFile.hint': '証明書の秘密鍵です。パスフレーズ付きの鍵は使えません。',
  'team.form.via': 'サーバーへの経路',
  'team.form.via.hint':
    'SSH ホスト経由ではそのトンネルを使います。証明書は上のホスト名で検証します。',
  'team.form.via.direct': '直接接続',
  'team.form.team': 'チーム',
  'team.form.displayName': 'あなたの名前',
  'team.form.role': 'あなたの役割',
  'team.form.save': '保存して接続',
  'team.form.disconnect': '共有をやめる',
  'team.form.close': '閉じる',
  'team.status.waiting': 'このPCの送信待ちイベント {n} 件',
  'team.status.lastSync': '最終同期 {time}',
  'team.admin.title': 'チームのデータベースを準備（管理者、初回のみ）',
  'team.admin.intro':
    '管理者ロールで Sitrep のスキーマを導入・更新します。管理者パスワードは一度だけ使われ、保存されません。',
  'team.admin.user': '管理者ユーザー',
  'team.admin.password': '管理者パスワード',
  'team.admin.run': 'スキーマを導入',
  'team.admin.done': 'サーバースキーマ バージョン {version}（{applied}）',
  'team.admin.nothing': '適用するものはありません',
  'team.shared':
    '共有されるもの：インシデントとタイムライン。共有されないもの：端末の記録、保存したパスワードと鍵。',
  'team.timeline.title': 'チーム全体でのこのインシデント',
  'team.timeline.empty': 'このインシデントのイベントはまだありません。',
  'team.timeline.waiting': '（サーバー未送信）',
  'team.timeline.conflict':
    '{field} の競合：{keptBy} の {kept} を採用。{lostBy} の {lost} は同時に、相手の変更を見ずに行われました。',
}
