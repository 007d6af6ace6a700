// Dangerous commands are recognised by the command a line runs, not by words it mentions.
import { describe, expect, it } from 'vitest'
import { classifyCommand } from '../../../src/main/core/runbooks'

const shell = (code: string) => classifyCommand(code, 'shell')

describe('classifyCommand', () => {
  it.each([
    ['sudo systemctl restart nginx', 'system service'],
    ['systemctl stop postgresql', 'system service'],
    ['service nginx restart', 'system service'],
    ['docker restart web', 'containers'],
    ['docker-compose down', 'containers'],
    ['docker compose -f prod.yml stop app', 'containers'],
    ['docker rm -f web', 'containers'],
    ['docker kill web', 'containers'],
    ['kubectl delete pod -n shodo api-1', 'Kubernetes'],
    ['kubectl -n shodo rollout undo deployment/api', 'Kubernetes'],
    ['kubectl rollout restart deployment/api', 'Kubernetes'],
    ['kubectl scale deployment/api --replicas=3', 'Kubernetes'],
    ['kubectl drain node-1', 'Kubernetes'],
    ['kubectl cordon node-1', 'Kubernetes'],
    ['kubectl set resources deployment/api --limits=memory=1Gi', 'Kubernetes'],
    ['kubectl exec -n x redis-0 -- redis-cli FLUSHDB', 'Redis'],
    ['redis-cli flushall', 'Redis'],
    ['redis-cli CONFIG SET maxmemory 2gb', 'Redis'],
    ['redis-cli DEL session:1', 'Redis'],
    ['psql -c "DROP TABLE todos"', 'database'],
    ['sudo -u postgres psql -c "DROP TABLE todos"', 'database'],
    ['psql -c "SELECT pg_cancel_backend(42)"', 'database'],
    ['docker-compose exec db psql -c "delete from t"', 'database'],
    ['rm /tmp/x', 'deletes files (rm)'],
    ['rm -rf /var/lib/app', 'recursively'],
    ['ls | xargs rm -f', 'recursively'],
    ['kill -9 1234', 'kills'],
    ['pkill -f worker', 'kills'],
    ['killall nginx', 'kills'],
    ['sudo shutdown -h now', 'shuts down'],
    ['reboot', 'shuts down'],
    ['git push --force origin main', 'force-push'],
    ['git push -f', 'force-push'],
    ['echo "" > /etc/nginx/nginx.conf', 'system file'],
    ['dd if=/dev/zero of=/dev/sda', 'raw disks'],
    ['mkfs.ext4 /dev/sdb1', 'raw disks'],
    ["watch -n 2 'kubectl delete pod x'", 'Kubernetes'],
    ["sh -c 'rm -rf /tmp/cache'", 'recursively'],
  ])('%s', (code, reason) => {
    const result = shell(code)
    expect(result.dangerous).toBe(true)
    expect(result.reasons.join(' | ')).toContain(reason)
    expect(result.reasonsJa).toHaveLength(result.reasons.length)
  })

  it.each([
    'grep -i delete /var/log/app.log',
    'echo "restart the service"',
    "echo 'kubectl delete pod x'",
    '# kubectl delete pod x',
    'kubectl get pods | grep -v Running',
    'kubectl rollout status deployment/api',
    'kubectl rollout history deployment/api',
    'systemctl status nginx',
    'docker ps -a && docker logs web --tail 100',
    'redis-cli INFO memory',
    'redis-cli CONFIG GET maxmemory',
    'psql -c "SELECT tup_deleted, tup_updated FROM pg_stat_database"',
    'psql -c "SELECT 1 -- drop table x"',
    'curl -s -o /dev/null http://x 2>/dev/null',
    'docker logs x > /tmp/out.log',
    'git push origin main',
    'journalctl -u app | grep stop',
    'docker exec -it <container_id> /bin/sh',
  ])('harmless: %s', (code) => {
    expect(shell(code)).toEqual({ dangerous: false, reasons: [], reasonsJa: [] })
  })

  it('reads SQL blocks outside comments and string literals', () => {
    expect(classifyCommand('TRUNCATE audit;', 'sql').dangerous).toBe(true)
    expect(classifyCommand('update t set a = 1', 'sql').dangerous).toBe(true)
    expect(classifyCommand('ALTER TABLE t ADD c int', 'sql').dangerous).toBe(true)
    expect(
      classifyCommand("-- DROP TABLE t\nSELECT 'delete me' /* update */", 'sql').dangerous,
    ).toBe(false)
  })

  it('joins continued lines and multi-line strings', () => {
    expect(shell('kubectl \\\n  delete pod x').dangerous).toBe(true)
    expect(
      shell('psql -c "\n  SELECT pg_terminate_backend(pid)\n  FROM pg_stat_activity;"').dangerous,
    ).toBe(true)
  })

  it('never flags commands that are not run', () => {
    expect(classifyCommand('rm -rf /', null).dangerous).toBe(false)
    expect(classifyCommand('up == 0', 'promql').dangerous).toBe(false)
  })

  it.each([
    'sudo -n systemctl restart nginx',
    'sudo -u postgres -n psql -c "SELECT pg_terminate_backend(42)"',
    'timeout 5 systemctl restart api',
    'timeout -s KILL 30 kubectl delete pod x',
    'find /var/log/app -name "*.gz" -mtime +7 -delete',
    'find /tmp -name core -exec rm {} +',
    'journalctl --vacuum-size=500M',
    'docker compose up -d api',
    'docker-compose up -d',
  ])('dangerous behind wrappers and less obvious verbs: %s', (code) => {
    expect(shell(code).dangerous).toBe(true)
  })

  it.each([
    'sudo -n systemctl status nginx',
    'timeout 3 bash -c "</dev/tcp/db/5432"',
    'find /var/log -name "*.log" -size +100M',
    'journalctl --disk-usage',
    'docker compose ps',
    'nice -n 10 du -sh /var',
  ])('still harmless: %s', (code) => {
    expect(shell(code).dangerous).toBe(false)
  })
})
