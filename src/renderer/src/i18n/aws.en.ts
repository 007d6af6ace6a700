// English strings of the AWS sources and the AWS profile target.
export const awsEn = {
  'metrics.kind.aws-cloudwatch': 'AWS CloudWatch metrics',
  'metrics.kind.aws-alarms': 'AWS CloudWatch alarms',
  'metrics.kind.aws-ecs': 'AWS ECS services',
  'metrics.kind.aws-logs': 'AWS CloudWatch Logs filter',
  'aws.form.profile': 'AWS profile (empty: the default chain)',
  'aws.form.profile.found': 'Profiles in your AWS files: {names}',
  'aws.form.profile.none': 'No profile found in your AWS files (AWS_CONFIG_FILE, ~/.aws).',
  'aws.form.region': 'Region (empty: the profile’s)',
  'aws.form.endpoint': 'Endpoint (empty: AWS’s own)',
  'aws.form.endpoint.hint':
    'A VPC endpoint or an AWS-compatible service; every call of this source goes there.',
  'aws.form.queries': 'Queries (one per line)',
  'aws.form.queries.hint':
    'name = Namespace MetricName Dimension=Value,… Statistic [period s], e.g. aws.alb.requests = AWS/ApplicationELB RequestCount LoadBalancer=app/pb/1234 Sum 60',
  'aws.form.queries.invalid':
    'Line {line} is not name = Namespace MetricName Dimension=Value,… Statistic [period].',
  'aws.form.preset': 'Preset',
  'aws.form.preset.ecs-service': 'ECS service CPU and memory',
  'aws.form.preset.alb': 'ALB requests, 5xx and response time',
  'aws.form.preset.rds-instance': 'RDS connections and CPU',
  'aws.form.preset.add': 'Add the preset’s queries',
  'aws.form.cluster': 'ECS cluster',
  'aws.form.service': 'ECS service',
  'aws.form.services': 'ECS services (one per line, at most 10)',
  'aws.form.loadBalancer': 'Load balancer (app/name/id)',
  'aws.form.dbInstance': 'DB instance identifier',
  'aws.form.namePrefix': 'Alarm name prefix (empty: every alarm)',
  'aws.form.logGroup': 'Log group',
  'aws.form.filterPattern': 'Filter pattern',
  'aws.form.eventGap': 'At most one timeline event every (s)',
  'aws.tail.title': 'Matching lines (live)',
  'aws.tail.empty': 'No matching line since the source started.',
} as const satisfies Record<string, string>

export type AwsMessageKey = keyof typeof awsEn
