// Handlers of the aws.* methods: AWS profiles saved as runbook targets, and the profile names
// in the responder's AWS files, and the live tail of a CloudWatch Logs source. One-line calls into the AWS domain's facade (aws/domain.ts).
import type { Core } from '../core'
import type { HandlersOf } from './handlerTypes'

export function awsHandlers(core: Core): HandlersOf<'aws'> {
  const a = () => core.aws
  return {
    'aws.profiles': () => a().profiles(),
    'aws.saveProfile': (p) => a().saveProfile(p),
    'aws.removeProfile': ({ id }) => a().removeProfile(id),
    'aws.localProfiles': () => a().localProfiles(),
    'aws.logTail': ({ sourceId, afterSeq }) => a().logTail(sourceId, afterSeq),
  }
}
