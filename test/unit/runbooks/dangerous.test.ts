// The classifier table: each command with the class Sitrep must give it. Rows are the misses a
// word list had (commands hidden in loops, conditionals, groups, substitutions and wrappers;
// verbs it did not know), its false alarms, the read-only set, and what stays unknown.
// S = state-changing, R = read-only, U = unknown; a `sql:` prefix judges the row as an SQL block.
import { describe, expect, it } from 'vitest'
import { classifyCommand } from '../../../src/main/core/runbooks'

const TABLE =
  String.raw`
S sudo systemctl restart nginx
S systemctl stop postgresql
S systemctl disable --now app
S systemctl start app
S systemctl daemon-reload
S service nginx restart
S docker restart web
S docker-compose down
S docker compose -f prod.yml stop app
S docker compose up -d api
S docker-compose up -d
S docker rm -f web
S docker kill web
S docker run --rm alpine true
S docker system prune -af
S podman stop web
S kubectl delete pod -n shodo api-1
S kubectl -n shodo rollout undo deployment/api
S kubectl rollout restart deployment/api
S kubectl rollout pause deployment/api
S kubectl scale deployment/api --replicas=3
S kubectl drain node-1
S kubectl drain node-1 --ignore-daemonsets --delete-emptydir-data
S kubectl cordon node-1
S kubectl uncordon node-1
S kubectl taint nodes node-1 key=value:NoSchedule
S kubectl patch deployment api -p '{"spec":{"replicas":0}}'
S kubectl -n x patch svc api --type merge -p '{}'
S kubectl apply -f deploy.yaml
S kubectl edit deployment api
S kubectl replace -f x.yaml
S kubectl create job manual --from=cronjob/backup
S kubectl annotate pod x a=b
S kubectl label node n1 role=db --overwrite
S kubectl set resources deployment/api --limits=memory=1Gi
S kubectl set image deployment/api api=img:2
S kubectl --context prod delete ns staging
S kubectl exec -n x redis-0 -- redis-cli FLUSHDB
S kubectl exec -it api-0 -- rm -rf /tmp/cache
S kubectl debug node/n1 -it --image=busybox
S oc patch dc/api -p '{}'
S oc adm drain node-1
S oc adm cordon node-1
S oc delete pod x
S oc rsh api-0 rm -f /data/lock
S oc exec api-0 -- kill 1
S helm rollback api 3
S helm uninstall api
S helm upgrade --install api ./chart
S terraform destroy -auto-approve
S terraform apply
S terraform state rm aws_instance.x
S etcdctl defrag
S etcdctl member remove 8e9e05c52164694d
S etcdctl del /registry/pods/x
S etcdctl put k v
S etcdctl compact 12345
S patronictl failover
S patronictl switchover --force
S patronictl restart pg-cluster
S patronictl reinit pg-cluster node2
S pg_ctl stop -D /var/lib/postgresql/data
S pg_ctl promote
S pg_ctlcluster 15 main restart
S truncate -s 0 /var/log/app.log
S sed -i 's/a/b/' /etc/app.conf
S sed --in-place=.bak 's/a/b/' f
S iptables -F
S iptables -A INPUT -p tcp --dport 22 -j ACCEPT
S iptables -D INPUT 3
S ufw deny 22
S nft flush ruleset
S curl -X DELETE http://api/items/1
S curl -XPOST http://api/reset
S curl --request PUT http://api/x -d '{}'
S curl -d 'a=1' http://api/x
S curl -F file=@x http://api/upload
S curl -o /etc/app.conf http://cfg/x
S wget http://x/file.tar.gz
S gcloud compute instances delete vm-1
S gcloud container clusters resize c --num-nodes 0
S gsutil rm gs://bucket/x
S gsutil cp a gs://b/a
S aws ec2 terminate-instances --instance-ids i-1
S aws s3 rm s3://b/x
S aws autoscaling set-desired-capacity --auto-scaling-group-name g --desired-capacity 0
S az vm restart -g rg -n vm1
S redis-cli flushall
S redis-cli FLUSHDB
S redis-cli CONFIG SET maxmemory 2gb
S redis-cli DEL session:1
S redis-cli -h cache -p 6380 SET k v
S redis-cli CLIENT KILL ID 5
S redis-cli SHUTDOWN NOSAVE
S psql -c "DROP TABLE todos"
S sudo -u postgres psql -c "DROP TABLE todos"
S psql -c "SELECT pg_cancel_backend(42)"
S docker-compose exec db psql -c "delete from t"
S psql -c "VACUUM FULL"
S psql -c "REINDEX TABLE t"
S psql -c "INSERT INTO t VALUES (1)"
S psql -c "GRANT ALL ON t TO bob"
S psql -c "SELECT pg_drop_replication_slot('s1')"
S psql -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = 'idle'"
S psql -c "SELECT '--'; DROP TABLE t;"
S psql -c "COPY t TO PROGRAM 'sh'"
S psql -c "DO \$\$ BEGIN PERFORM 1; END \$\$"
S mysql -e "DELETE FROM t"
S rm /tmp/x
S rm -rf /var/lib/app
S ls | xargs rm -f
S ls | xargs -n1 rm
S find /var/log/app -name "*.gz" -mtime +7 -delete
S find /tmp -name core -exec rm {} +
S find /tmp -name "*.log" -execdir rm {} \;
S find . -name x -ok rm {} \;
S kill -9 1234
S kill 1234
S pkill -f worker
S killall nginx
S sudo shutdown -h now
S reboot
S git push --force origin main
S git push -f
S git push origin main
S git reset --hard HEAD~1
S echo "" > /etc/nginx/nginx.conf
S echo x > notes.txt
S cat a >> /var/log/app.log
S dd if=/dev/zero of=/dev/sda
S mkfs.ext4 /dev/sdb1
S watch -n 2 'kubectl delete pod x'
S sh -c 'rm -rf /tmp/cache'
S sudo -n systemctl restart nginx
S sudo -u postgres -n psql -c "SELECT pg_terminate_backend(42)"
S sudo -iu postgres psql -c "DROP DATABASE app"
S timeout 5 systemctl restart api
S timeout -s KILL 30 kubectl delete pod x
S journalctl --vacuum-size=500M
S journalctl --rotate
S for p in $(kubectl get pods -o name); do kubectl delete "$p"; done
S for n in a b; do kubectl drain "$n"; done
S while read p; do kubectl delete pod "$p"; done < pods.txt
S if true; then rm -rf /data/cache; fi
S if kubectl get pod x; then kubectl delete pod x; else echo none; fi
S case "$1" in stop) systemctl stop app;; esac
S { kubectl get pods; kubectl delete pod x; }
S ( cd /srv && rm -rf build )
S ! rm -f lock
S echo "$(systemctl restart nginx)"
S echo "Pods: $(kubectl delete pod x)"
S echo ` +
  '`rm -rf /tmp/x`' +
  String.raw`
S diff <(kubectl delete pod x) /dev/null
S X=$(rm -rf /tmp/y)
S eval "kubectl delete pod x"
S eval kubectl delete pod x
S bash -c "kubectl delete pod x"
S bash -lc 'systemctl restart app'
S su -c "systemctl stop x" root
S su - postgres -c "pg_ctl stop"
S doas rm -rf /x
S env FOO=1 kubectl delete pod x
S env -i PATH=/bin rm x
S nice -n 10 rm -rf /var/log/old
S ionice -c3 nice -n 10 rm -rf /var/log/old
S ionice -c3 -p 1234
S renice -n 5 -p 1234
S nohup systemctl restart app &
S time kubectl delete pod x
S command rm x
S stdbuf -oL kubectl delete pod x
S xargs -I{} kubectl delete pod {} < pods.txt
S ssh web1 "sudo systemctl restart nginx"
S ssh -p 2222 -i key.pem admin@db "pg_ctl restart"
S ssh web1 sudo systemctl restart nginx
S ssh db <<'EOF'
S systemctl stop postgresql
S EOF
S knife ssh "role:web" "sudo service nginx restart" -x ubuntu
S parallel "systemctl restart {}" ::: a b
S parallel -j2 kubectl delete pod {} ::: a b
S docker exec web rm -rf /tmp/cache
S docker compose exec api rails db:migrate
S docker-compose exec -T db psql -U app -c "TRUNCATE t"
S sudo -u postgres psql <<EOF
S SELECT 1;
S DROP TABLE users;
S EOF
S psql -U app <<'SQL'
S UPDATE accounts SET locked = true;
S SQL
S bash <<'EOF'
S rm -rf /srv/cache
S EOF
S redis-cli <<EOF
S DEL a
S EOF
S psql <<< "DELETE FROM t"
S kubectl -n x exec -it pod -- redis-cli FLUSHDB
S oc rsh api-0 sh -c 'kill 1'
S kubectl exec pod -- sh -c 'redis-cli flushall'
S sudo bash -c 'echo 1 > /proc/sys/vm/drop_caches'
S sysctl -w vm.swappiness=10
S sysctl vm.swappiness=10
S crontab -r
S chmod 777 /etc/passwd
S chown app /srv
S mv a b
S cp a /etc/b
S mkdir /srv/x
S touch /srv/x
S tee /etc/app.conf < x
S ln -sf a b
S umount /data
S mount /dev/sdb1 /data
S swapoff -a
S ip link set eth0 down
S ip route add default via 10.0.0.1
S apt-get install -y nginx
S yum remove httpd
S pip install requests
S useradd bob
S passwd bob
S date -s "2024-01-01"
S hostnamectl set-hostname x
S logrotate -f /etc/logrotate.conf
S dmesg -c
S consul kv delete app/x
S vault kv put secret/x a=1
S rabbitmqctl purge_queue jobs
S kafka-topics --delete --topic t --bootstrap-server k:9092
S kafka-consumer-groups --reset-offsets --to-latest --group g --execute --all-topics
S nodetool decommission
S nodetool repair
S ceph osd out 3
S nginx -s reload
S apachectl restart
S supervisorctl restart all
S pm2 restart api
S tar xzf backup.tgz -C /
S openssl req -new -out /etc/ssl/x.csr
S sort -o /etc/hosts /etc/hosts
sql:S TRUNCATE audit;
sql:S update t set a = 1
sql:S ALTER TABLE t ADD c int
sql:S SELECT '--'; DROP TABLE t;
sql:S DO $$ BEGIN DELETE FROM t; END $$;
sql:S COPY t TO PROGRAM 'rm -rf /'
sql:S COPY t FROM '/tmp/x.csv'
sql:S \! rm -rf /
sql:S INSERT INTO t VALUES (1)
sql:S VACUUM FULL t
sql:S REINDEX INDEX i
sql:S GRANT SELECT ON t TO bob
sql:S SELECT pg_drop_replication_slot('x')
sql:S SELECT pg_terminate_backend(pid) FROM pg_stat_activity
sql:S EXPLAIN ANALYZE DELETE FROM t
sql:S WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d
sql:S SELECT * FROM t FOR UPDATE
sql:S SELECT * INTO t2 FROM t
sql:S CREATE INDEX CONCURRENTLY i ON t (a)
sql:S ALTER SYSTEM SET max_connections = 500
sql:S SELECT pg_reload_conf()
sql:S SELECT nextval('s')
sql:S CALL proc()
sql:S LOCK TABLE t
sql:S \copy t from 'x.csv'
sql:S CHECKPOINT
R grep -i delete /var/log/app.log
R echo "restart the service"
R echo 'kubectl delete pod x'
R # kubectl delete pod x
R kubectl get pods | grep -v Running
R kubectl rollout status deployment/api
R kubectl rollout history deployment/api
R kubectl get pods -A -o wide
R kubectl -n x describe pod api-0
R kubectl logs api-0 --tail=100
R kubectl logs -f api-0 -c app
R kubectl top pods --sort-by=memory
R kubectl explain pod.spec
R kubectl api-resources
R kubectl auth can-i delete pods
R kubectl version
R kubectl get events --sort-by=.lastTimestamp
R kubectl config current-context
R kubectl exec api-0 -- cat /etc/hosts
R kubectl exec -n x api-0 -- ps aux
R oc get pods
R oc adm top nodes
R oc rsh api-0 cat /etc/hosts
R systemctl status nginx
R systemctl is-active app
R systemctl show app -p MainPID
R systemctl list-units --failed
R systemctl --failed list-units
R journalctl -u app | grep stop
R journalctl -u app --since "1 hour ago" --no-pager
R journalctl --disk-usage
R docker ps -a && docker logs web --tail 100
R docker inspect web
R docker stats --no-stream
R docker top web
R docker compose ps
R docker compose logs api
R docker compose top
R docker exec web cat /etc/hosts
R redis-cli INFO memory
R redis-cli CONFIG GET maxmemory
R redis-cli GET k
R redis-cli LLEN queue
R redis-cli --scan --pattern 'a*'
R redis-cli -h cache SCAN 0 COUNT 100
R redis-cli SLOWLOG GET 10
R redis-cli CLIENT LIST
R psql -c "SELECT tup_deleted, tup_updated FROM pg_stat_database"
R psql -c "SELECT 1 -- drop table x"
R psql -h db -U app -c "SELECT count(*) FROM pg_stat_activity"
R psql -c "SHOW max_connections"
R psql -c "EXPLAIN SELECT * FROM t"
R psql -l
R sudo -u postgres psql -At -c "SELECT now() - pg_last_xact_replay_timestamp()"
R curl -s -o /dev/null http://x 2>/dev/null
R curl -s http://localhost:8080/health
R curl -sf -H 'Accept: application/json' http://x/metrics
R curl -I https://example.com
R wget -qO- http://x/health
R docker logs x > /tmp/out.log
R echo hi > /var/tmp/x.txt
R dd if=/dev/zero of=/dev/null bs=1M count=10
R kill -0 1234
R kill -l
R dig db.update.example.com
R nslookup delete.example.com
R host restart.example.com
R ping -c 3 db-drop-1
R cat /etc/os-release
R ls -la /var/log
R df -h
R free -m
R ps aux --sort=-%mem | head
R top -bn1 | head -20
R ss -tlnp
R netstat -an | grep 5432
R uptime
R tail -n 100 /var/log/syslog
R grep -c ERROR app.log
R awk '{print $1}' access.log | sort | uniq -c | sort -rn | head
R sed -n '1,10p' file
R sed 's/a/b/' file
R wc -l file
R du -sh /var/* 2>/dev/null | sort -h
R lsof -i :5432
R iostat -x 1 3
R vmstat 1 5
R nice -n 10 du -sh /var
R sudo -n systemctl status nginx
R timeout 3 bash -c "</dev/tcp/db/5432"
R timeout 3 bash -c '</dev/tcp/db/5432' && echo reachable || echo unreachable
R find /var/log -name "*.log" -size +100M
R find / -xdev -size +1G -exec ls -lh {} \;
R git status; git branch -a
R git log --oneline -5
R git diff HEAD~1
R sysctl vm.swappiness
R sysctl -a
R crontab -l
R ip addr show
R ip route
R iptables -L -n
R iptables -S
R mount
R uname -a
R date
R hostname
R id
R whoami
R env
R printenv PATH
R which kubectl
R command -v psql
R test -f /etc/x && echo yes
R [ -d /srv ] && echo ok
R [[ -n "$X" ]] && echo set
R for i in 1 2 3; do echo $i; done
R while true; do date; sleep 1; break; done
R if systemctl is-active app; then echo up; fi
R X=1; echo $X
R export NS=prod
R echo "$(kubectl get pods)"
R watch -n 5 "kubectl get pods"
R watch -n 5 kubectl get pods
R ssh web1 uptime
R ssh web1 "df -h; free -m"
R ssh -p 2222 app@db 'tail -n 50 /var/log/postgresql/postgresql.log'
R eval "kubectl get pods"
R bash -c "kubectl get pods"
R sudo -u postgres psql -c "SELECT 1"
R env LANG=C df -h
R xargs -n1 echo < list
R helm list -A
R helm status api
R helm history api
R helm get values api
R terraform plan
R terraform show
R terraform output
R terraform state list
R etcdctl get /registry --prefix --keys-only
R etcdctl endpoint health
R etcdctl endpoint status -w table
R etcdctl member list
R patronictl list
R patronictl history
R pg_ctl status -D /var/lib/postgresql/data
R pg_isready -h db
R aws ec2 describe-instances
R aws s3 ls s3://bucket
R aws sts get-caller-identity
R aws logs tail /aws/lambda/x
R aws rds describe-db-instances --region us-east-1
R gcloud compute instances list
R gcloud container clusters describe c
R gsutil ls gs://bucket
R az vm list
R openssl s_client -connect x:443 </dev/null
R openssl x509 -noout -dates -in cert.pem
R nc -zv db 5432
R consul members
R vault status
R rabbitmqctl list_queues
R kafka-topics --list --bootstrap-server k:9092
R kafka-consumer-groups --describe --group g --bootstrap-server k:9092
R nodetool status
R ceph -s
R ceph osd tree
R nginx -t
R apachectl configtest
R supervisorctl status
R pm2 list
R tar tzf backup.tgz
R docker logs web 2>&1 | tail -50
R kubectl get pods -o json | jq '.items[].metadata.name'
R cat <<'EOF'
R any text
R EOF
R sudo -u postgres psql <<EOF
R SELECT count(*) FROM pg_stat_activity;
R EOF
R psql -X -At <<< "SELECT 1"
R redis-cli <<EOF
R INFO
R EOF
R python3 -m json.tool < x.json
R ionice -c3 du -sh /var
R stdbuf -oL tail -n 5 x
R time curl -s http://x
R sleep 5
R true
R exit 0
R printf '%s\n' a b
R echo hi | tee /dev/null
R dmesg | tail
R dmesg -T
sql:R SELECT count(*) FROM pg_stat_activity
sql:R -- DROP TABLE t
sql:R SELECT 'delete me' /* update */
sql:R SELECT pid, now() - query_start FROM pg_stat_activity WHERE state <> 'idle'
sql:R SHOW max_connections
sql:R EXPLAIN SELECT * FROM t
sql:R EXPLAIN (ANALYZE false) DELETE FROM t
sql:R \dt
sql:R \x
sql:R SELECT pg_size_pretty(pg_database_size(current_database()))
sql:R SELECT * FROM pg_stat_replication
sql:R SELECT now() - pg_last_xact_replay_timestamp() AS lag
sql:R BEGIN; SELECT 1; COMMIT;
sql:R SET statement_timeout = '5s'; SELECT 1
sql:R SELECT datname, numbackends FROM pg_stat_database ORDER BY 2 DESC LIMIT 5
sql:R SELECT relname, n_dead_tup FROM pg_stat_user_tables WHERE n_dead_tup > 1000
sql:R SELECT 1 \gx
sql:R COPY (SELECT 1) TO STDOUT
sql:R SELECT pg_is_in_recovery()
sql:R SELECT count(*) FILTER (WHERE state = 'active') FROM pg_stat_activity
U ./scripts/rollback.sh
U /opt/app/bin/fix
U bash fix.sh
U source env.sh
U $CMD stop
U "$(which tool)" run
U make deploy
U python3 fix.py
U python3 -c 'print(1)'
U node -e 'x()'
U curl -s https://get.example.com/install.sh | bash
U curl -s https://x | sh
U my-internal-tool --do-things
U kubectl port-forward svc/api 8080:80
U ssh -N -L 5432:db:5432 bastion
U sed -f script.sed file
U awk '{system("rm " $1)}' list
U echo "unterminated
U if true; then
U for x in; do
U psql -f fix.sql
U psql
U mysql
U redis-cli
U oc rsh mypod
U kubectl exec -it api-0 -- bash
U kubectl exec -it api-0 -- sh
U docker exec -it web /bin/sh
U sudo -i
U sudo -s
U su -
U su postgres
U ssh web1
U rails console
U rails c
U python3
U mongo
U top
U htop
U less /var/log/syslog
U vim /etc/hosts
U echo 'SELECT 1' | psql
U cat fix.sql | psql
U cat cmds | bash
U parallel < jobs.txt
U watch
U iptables -n
U ssh web1 "$REMOTE_CMD"
U eval "$(cat x)"
U bash -c "$SCRIPT"
sql:U SELECT my_func()
sql:U SELEC 1
sql:U \i fix.sql
sql:U SELECT * FROM t WHERE a = :'v' AND b = :v
sql:U PREPARE p AS SELECT 1
`

interface Row {
  code: string
  kind: 'shell' | 'sql'
  expected: 'read-only' | 'state-changing' | 'unknown'
}

/** Lines with the same letter in a row that continue a heredoc belong to one block. */
function rows(): Row[] {
  const out: Row[] = []
  const CLASS = { S: 'state-changing', R: 'read-only', U: 'unknown' } as const
  let open: { row: Row; until: string } | null = null
  for (const line of TABLE.split('\n')) {
    if (line.trim() === '') continue
    const m = /^(sql:)?([SRU]) (.*)$/.exec(line)
    if (!m) throw new Error(`bad table line: ${line}`)
    const text = m[3] ?? ''
    if (open) {
      open.row.code += `\n${text}`
      if (text === open.until) open = null
      continue
    }
    const row: Row = { code: text, kind: m[1] ? 'sql' : 'shell', expected: CLASS[m[2] as 'S'] }
    out.push(row)
    const heredoc = /<<-?\s*'?"?(\w+)'?"?\s*$/.exec(text)
    if (heredoc && row.kind === 'shell') open = { row, until: heredoc[1] ?? '' }
  }
  return out
}

const ROWS = rows()

describe('classifier table', () => {
  it('holds at least 300 commands', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(300)
  })

  it.each(ROWS.map((r) => [r.expected, r.code, r] as const))('%s: %s', (_c, _code, row) => {
    const a = classifyCommand(row.code, row.kind)
    expect(a.class, JSON.stringify(a.commands)).toBe(row.expected)
    if (row.expected === 'state-changing') {
      expect(a.dangerous).toBe(true)
      const changing = a.commands.filter((c) => c.class === 'state-changing')
      expect(changing.length).toBeGreaterThan(0)
      // Every state-changing command says why, in both languages.
      for (const c of changing) {
        expect(c.reason).toMatch(/\w/)
        expect(c.reasonJa).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
      }
    }
    if (row.expected === 'read-only') {
      expect(a).toMatchObject({ dangerous: false, commands: [], parseErrors: [], reasons: [] })
    }
  })
})

describe('what the dialog and the runner are told', () => {
  it('names the command inside the wrapper, with its line', () => {
    const a = classifyCommand(
      'kubectl get pods\nfor p in a b; do\n  kubectl delete pod "$p"\ndone',
      'shell',
    )
    expect(a.commands).toEqual([
      expect.objectContaining({
        command: 'kubectl delete pod "$p"',
        class: 'state-changing',
        line: 3,
      }),
    ])
  })

  it('reports a parse error as a warning naming its line, and the block as unknown', () => {
    const a = classifyCommand('kubectl get pods\necho "oops', 'shell')
    expect(a.class).toBe('unknown')
    expect(a.dangerous).toBe(true)
    expect(a.parseErrors[0]).toMatch(/^Line 2/)
  })

  it('names SQL parse errors by line', () => {
    const a = classifyCommand('SELECT 1;\nSELEC 2;', 'sql')
    expect(a.class).toBe('unknown')
    expect(a.parseErrors[0]).toMatch(/line 2/)
  })

  it.each([
    ['oc rsh api-0', 'interactive shell'],
    ['kubectl exec -it api-0 -- bash', 'interactive shell'],
    ['ssh bastion', 'remote login'],
    ['sudo -i', 'interactive shell'],
    ['sudo -s', 'interactive shell'],
    ['su -', 'interactive shell'],
    ['psql -h db -U app', 'database client'],
    ['mysql -u root', 'database client'],
    ['redis-cli -h cache', 'database client'],
    ['rails console', 'console'],
  ])('recognises %s as opening a session', (code, reason) => {
    const a = classifyCommand(code, 'shell')
    expect(a.sessions).toEqual([
      expect.objectContaining({ command: code, reason: expect.stringContaining(reason) }),
    ])
    expect(a.sessions[0]?.reasonJa).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
  })

  it.each([
    'psql -c "SELECT 1"',
    'psql -f x.sql',
    'mysql -e "SELECT 1"',
    'redis-cli INFO',
    'ssh h uptime',
    'kubectl exec api-0 -- ls',
    'sudo -u pg psql <<EOF\nSELECT 1;\nEOF',
  ])('does not call %s a session', (code) => {
    expect(classifyCommand(code, 'shell').sessions).toEqual([])
  })

  it('never judges blocks that are not run', () => {
    expect(classifyCommand('rm -rf /', null).dangerous).toBe(false)
    expect(classifyCommand('up == 0', 'promql').dangerous).toBe(false)
  })
})
