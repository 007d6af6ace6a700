// English strings of deploys and the rollback rule (seed 004).
export const deploysEn = {
  'deploy.mark': 'Mark deploy',
  'deploy.mark.tooltip':
    'Say a deploy happened now: the rollback rule watches the error rate after it',
  'deploy.version': 'Version (optional)',
  'deploy.version.hint': 'The tag or release that went out, e.g. v1.2.4',
  'deploy.mark.save': 'Mark',
  'deploy.mark.cancel': 'Cancel',
  'deploy.marked': 'Deploy marked',
  'rollback.title': 'Roll back now',
  'rollback.open': 'Roll back: {step}',
  'rollback.open.tooltip':
    'Opens the step “{step}” of the runbook “{runbook}” and presses its Run (you confirm first)',
  'rollback.dismiss': 'Dismiss',
  'rollback.notFound': 'The runbook “{runbook}” with the step “{step}” is not in the library.',
}
