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
}
