// Deploy commands read on bash's AST: the seed's deploys and their wrapped forms are deploys;
// reads, rollbacks, quoted text, comments and text bash would not parse are not.
import { describe, expect, it } from 'vitest'
import { recognizeDeploy } from '../../../src/main/core/runbooks/deployCommands'

describe('recognizeDeploy', () => {
  it.each([
    [
      'kubectl rollout restart deployment/todo-api',
      'kubectl rollout restart',
      'deployment/todo-api',
    ],
    [
      'kubectl -n prod --context=eu rollout restart deploy/api',
      'kubectl rollout restart',
      'deploy/api',
    ],
    [
      'kubectl set image deployment/api api=registry:5000/api:1.4.2',
      'kubectl set image',
      'deployment/api',
    ],
    ['kubectl apply -f k8s/ -n production', 'kubectl apply', 'k8s/'],
    ['docker compose up -d', 'docker compose up', null],
    ['docker compose -f prod.yml up -d app', 'docker compose up', 'app'],
    ['docker-compose up -d app', 'docker-compose up', 'app'],
    ['helm upgrade todo charts/todo --version 2.1.0 -n prod', 'helm upgrade', 'todo'],
    [
      'aws ecs update-service --cluster prod --service api --force-new-deployment',
      'aws ecs update-service',
      'api',
    ],
    [
      'cd /srv/todo && git pull && sudo systemctl restart todo-api',
      'code update and restart',
      'todo-api',
    ],
    [
      'sudo -E env KUBECONFIG=/k timeout 60 kubectl rollout restart deployment/x',
      'kubectl rollout restart',
      'deployment/x',
    ],
  ])('%s is a deploy', (text, what, subject) => {
    expect(recognizeDeploy(text)).toMatchObject({ what, subject })
  })

  it('reads the version where the command names one', () => {
    expect(recognizeDeploy('kubectl set image deploy/api api=api:1.4.2')?.version).toBe('1.4.2')
    expect(recognizeDeploy('helm upgrade r c --version 2.1.0')?.version).toBe('2.1.0')
    expect(recognizeDeploy('git checkout v1.2.3 && systemctl restart todo-api')?.version).toBe(
      'v1.2.3',
    )
  })

  it.each([
    'kubectl rollout status deployment/todo-api',
    'kubectl rollout undo deployment/todo-api',
    'kubectl get pods',
    'echo "kubectl rollout restart deployment/x"',
    '# kubectl apply -f k8s/',
    'docker compose ps',
    'docker compose logs -f app',
    'helm history todo',
    'aws ecs update-service --cluster prod --service api --desired-count 3',
    'aws ecs describe-services --cluster prod --services api',
    'systemctl restart todo-api',
    'git pull',
    'kubectl rollout restart deployment/x "unclosed',
  ])('%s is not a deploy', (text) => {
    expect(recognizeDeploy(text)).toBeNull()
  })
})
