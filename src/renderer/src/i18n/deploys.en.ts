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
  'rules.rollback': 'Rollback rule (after a deploy)',
  'rules.rollback.hint':
    'After a deploy, an error rate above the line for this long raises “Roll back now” with the runbook step one click away. A deploy is marked by hand, by a deploy command run from a runbook, or by an ECS source.',
  'rules.rollback.enabled': 'Watch the rule',
  'rules.rollback.metric': 'Error-rate metric, in % (a name, or a prefix ending in *)',
  'rules.rollback.source': 'Source',
  'rules.rollback.anySource': 'Any source with this metric',
  'rules.rollback.threshold': 'Line (%)',
  'rules.rollback.for': 'Above the line for (minutes)',
  'rules.rollback.window': 'Applies for (minutes after the deploy)',
  'rules.rollback.runbook': 'Runbook id (without the language)',
  'rules.rollback.step': 'Command to open (its name in the runbook)',
}
