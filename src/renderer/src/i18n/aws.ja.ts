// Japanese strings of the AWS sources and the AWS profile target, typed against the English keys.
import type { AwsMessageKey } from './aws.en'

export const awsJa: Record<AwsMessageKey, string> = {
  'metrics.kind.aws-cloudwatch': 'AWS CloudWatch メトリクス',
  'metrics.kind.aws-alarms': 'AWS CloudWatch アラーム',
  'metrics.kind.aws-ecs': 'AWS ECS サービス',
  'metrics.kind.aws-logs': 'AWS CloudWatch Logs フィルター',
  'aws.form.profile': 'AWS プロファイル（空欄: 既定の解決順）',
  'aws.form.profile.found': 'AWS 設定ファイルにあるプロファイル: {names}',
  'aws.form.profile.none':
    'AWS 設定ファイル（AWS_CONFIG_FILE、~/.aws）にプロファイルが見つかりません。',
  'aws.form.region': 'リージョン（空欄: プロファイルの設定）',
  'aws.form.endpoint': 'エンドポイント（空欄: AWS 標準）',
  'aws.form.endpoint.hint':
    'VPC エンドポイントや AWS 互換サービス。この収集元の呼び出しはすべてここへ送られます。',
  'aws.form.queries': 'クエリ（1 行に 1 つ）',
  'aws.form.queries.hint':
    '名前 = 名前空間 メトリクス名 ディメンション=値,… 統計 [期間 秒]。例: aws.alb.requests = AWS/ApplicationELB RequestCount LoadBalancer=app/pb/1234 Sum 60',
  'aws.form.queries.invalid':
    '{line} 行目が「名前 = 名前空間 メトリクス名 ディメンション=値,… 統計 [期間]」の形ではありません。',
  'aws.form.preset': 'プリセット',
  'aws.form.preset.ecs-service': 'ECS サービスの CPU とメモリ',
  'aws.form.preset.alb': 'ALB のリクエスト数・5xx・応答時間',
  'aws.form.preset.rds-instance': 'RDS の接続数と CPU',
  'aws.form.preset.add': 'プリセットのクエリを追加',
  'aws.form.cluster': 'ECS クラスター',
  'aws.form.service': 'ECS サービス',
  'aws.form.services': 'ECS サービス（1 行に 1 つ、最大 10）',
  'aws.form.loadBalancer': 'ロードバランサー（app/名前/ID）',
  'aws.form.dbInstance': 'DB インスタンス識別子',
  'aws.form.namePrefix': 'アラーム名の接頭辞（空欄: すべて）',
  'aws.form.logGroup': 'ロググループ',
  'aws.form.filterPattern': 'フィルターパターン',
  'aws.form.eventGap': 'タイムラインへの記録は最短で（秒）ごと',
  'aws.tail.title': '一致した行（ライブ）',
  'aws.tail.empty': '収集開始以降、一致した行はありません。',
  'action.failed.loadAwsProfiles': 'AWS プロファイルを読み込めませんでした',
  'aws.profiles.title': 'AWS プロファイル',
  'aws.profiles.empty':
    '保存された AWS プロファイルはありません。保存したプロファイルはランブックの実行先になり、AWS_PROFILE とリージョンを設定してこのマシンでコマンドを実行します。',
  'aws.profiles.add': '+ AWS プロファイル',
  'aws.profiles.edit': '編集',
  'aws.profiles.remove': '削除',
  'aws.profiles.remove.confirm':
    '{name} を削除しますか？ AWS 設定ファイルのプロファイルはそのまま残ります。',
  'aws.profiles.remove.yes': '削除',
  'aws.profiles.remove.no': '残す',
  'aws.profiles.default': '（既定の解決順）',
  'aws.profile.form.add': 'AWS プロファイルを追加',
  'aws.profile.form.edit': '{name} を編集',
  'aws.profile.form.name': '名前',
  'aws.profile.form.tags': 'タグ（カンマ区切り。production は変更の前に確認）',
  'aws.profile.form.save': '保存',
  'aws.profile.form.cancel': 'キャンセル',
  'runbook.targets.aws': 'AWS プロファイル',
}
