// Japanese strings of deploys and the rollback rule (seed 004).
import type { deploysEn } from './deploys.en'

export const deploysJa: Record<keyof typeof deploysEn, string> = {
  'deploy.mark': 'デプロイを記録',
  'deploy.mark.tooltip':
    '今デプロイしたことを記録します。ロールバック基準がその後のエラー率を監視します',
  'deploy.version': 'バージョン（任意）',
  'deploy.version.hint': 'リリースしたタグやバージョン。例: v1.2.4',
  'deploy.mark.save': '記録',
  'deploy.mark.cancel': 'キャンセル',
  'deploy.marked': 'デプロイを記録しました',
  'rollback.title': '今すぐロールバック',
  'rollback.open': 'ロールバック: {step}',
  'rollback.open.tooltip':
    'ランブック「{runbook}」の手順「{step}」を開いて実行を押します（実行前に確認があります）',
  'rollback.dismiss': '閉じる',
  'rollback.notFound': 'ランブック「{runbook}」の手順「{step}」がライブラリにありません。',
  'rules.rollback': 'ロールバック基準（デプロイ後）',
  'rules.rollback.hint':
    'デプロイ後、エラー率がこの時間ずっと基準を超えると「今すぐロールバック」を表示し、ランブックの手順をワンクリックで開けます。デプロイは手動、ランブックから実行したデプロイコマンド、または ECS ソースで記録されます。',
  'rules.rollback.enabled': '基準を監視する',
  'rules.rollback.metric': 'エラー率メトリクス（%。名前、または * で終わる接頭辞）',
  'rules.rollback.source': 'ソース',
  'rules.rollback.anySource': 'このメトリクスを持つすべてのソース',
  'rules.rollback.threshold': '基準（%）',
  'rules.rollback.for': '基準を超えている時間（分）',
  'rules.rollback.window': '適用期間（デプロイ後の分数）',
  'rules.rollback.runbook': 'ランブック ID（言語なし）',
  'rules.rollback.step': '開くコマンド（ランブック内の名前）',
}
