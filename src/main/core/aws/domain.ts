// The AWS domain's facade (issue #19, seed 003). Two things reach AWS as the responder, through
// the SDK's own credential chain for a saved profile name (access.ts):
// - the four AWS metric source kinds, whose collectors the metrics domain builds through
//   createAwsCollector (CloudWatch metrics, alarms, ECS services, a Logs filter tail);
// - AWS profiles saved as runbook targets, whose commands run on this machine with the
//   profile's environment (commandEnv.ts).
// The rpc handlers (rpc/aws.ts) call the AwsDomain methods and nothing deeper.
import type {
  AwsLocalProfiles,
  AwsLogTail,
  AwsProfileTarget,
  MetricSourceConfig,
  ParsedParams,
} from '../../../shared/contract'
import type { Collector } from '../metrics/domain'
import type { Store } from '../store/store'
import { AlarmsCollector } from './alarmsCollector'
import { CloudWatchCollector } from './cloudWatchCollector'
import { awsCommandEnv } from './commandEnv'
import { EcsCollector } from './ecsCollector'
import { localAwsProfiles } from './localProfiles'
import { LogTails } from './logTails'
import { LogsCollector } from './logsCollector'
import { AwsProfiles } from './profiles'

export { ALARM_EVENT } from './alarmsCollector'
export { DEPLOYMENT_EVENT } from './ecsCollector'
export { LOGS_EVENT } from './logsCollector'
export type { LogTails } from './logTails'

type AwsSourceConfig = Extract<
  MetricSourceConfig,
  { kind: 'aws-cloudwatch' | 'aws-alarms' | 'aws-ecs' | 'aws-logs' }
>

export function isAwsSource(c: MetricSourceConfig): c is AwsSourceConfig {
  return c.kind.startsWith('aws-')
}

/**
 * The collector of an AWS source, built from its saved settings (names only). A Logs source
 * feeds its live tail in `tails` (the AWS domain's), when there is one.
 */
export function createAwsCollector(c: AwsSourceConfig, tails?: LogTails): Collector {
  const access = { profile: c.profile, region: c.region, endpoint: c.endpoint }
  switch (c.kind) {
    case 'aws-cloudwatch':
      return new CloudWatchCollector(access, c.queries)
    case 'aws-alarms':
      return new AlarmsCollector(access, c.namePrefix)
    case 'aws-ecs':
      return new EcsCollector(access, c.cluster, c.services)
    case 'aws-logs':
      return new LogsCollector(
        access,
        {
          logGroupName: c.logGroupName,
          filterPattern: c.filterPattern,
          eventGapSec: c.eventGapSec,
          intervalSec: c.intervalSec,
        },
        tails?.open(c.id),
      )
  }
}

/** A saved AWS profile target of this database (the runbook runner resolves refs with it). */
export function awsProfileTarget(store: Store, id: string): AwsProfileTarget {
  return new AwsProfiles(store.db).get(id)
}

/** What a captured command on an AWS profile target adds to (or removes from) its environment. */
export function awsTargetEnv(store: Store, id: string): Record<string, string | undefined> {
  return awsCommandEnv(awsProfileTarget(store, id))
}

export interface AwsDomainOptions {
  store(): Store
  /** The saved profile targets after a save or a removal. */
  changed?(targets: AwsProfileTarget[]): void
  /** Where the AWS files are looked up (AWS_CONFIG_FILE…); process.env by default. */
  env?: NodeJS.ProcessEnv
}

export class AwsDomain {
  /** The live tails of the CloudWatch Logs sources; the metrics domain's collectors feed them. */
  readonly logTails = new LogTails()

  constructor(private readonly opts: AwsDomainOptions) {}

  logTail(sourceId: string, afterSeq: number): AwsLogTail {
    return this.logTails.read(sourceId, afterSeq)
  }

  private profilesStore(): AwsProfiles {
    return new AwsProfiles(this.opts.store().db)
  }

  profiles(): AwsProfileTarget[] {
    return this.profilesStore().list()
  }

  saveProfile(p: ParsedParams<'aws.saveProfile'>): AwsProfileTarget {
    const saved = this.profilesStore().save(p)
    this.opts.changed?.(this.profiles())
    return saved
  }

  removeProfile(id: string): { removed: boolean } {
    const removed = this.profilesStore().remove(id)
    if (removed) this.opts.changed?.(this.profiles())
    return { removed }
  }

  localProfiles(): AwsLocalProfiles {
    return localAwsProfiles(this.opts.env ?? process.env)
  }
}
