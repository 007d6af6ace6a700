// Why a command changes state or cannot be judged, in English and Japanese; shown in the
// confirmation dialog next to the command it belongs to.
import type { Reason } from './verdict'

const r = (en: string, ja: string): Reason => ({ en, ja })

export const REASONS = {
  service: r(
    'starts, stops, restarts or reconfigures a system service',
    'システムサービスを起動・停止・再起動・設定変更します',
  ),
  container: r(
    'creates, changes, restarts, stops or removes containers',
    'コンテナを作成・変更・再起動・停止・削除します',
  ),
  kube: r(
    'changes Kubernetes objects (delete, apply, patch, scale, rollout, drain, cordon, label…)',
    'Kubernetes のオブジェクトを変更します（delete・apply・patch・scale・rollout・drain・cordon・label など）',
  ),
  kubeNode: r('drains, cordons or taints a node', 'ノードを drain・cordon・taint します'),
  helm: r(
    'installs, upgrades, rolls back or removes a Helm release',
    'Helm リリースをインストール・アップグレード・ロールバック・削除します',
  ),
  terraform: r(
    'changes infrastructure or Terraform state',
    'インフラまたは Terraform の状態を変更します',
  ),
  cloud: r('changes cloud resources', 'クラウドのリソースを変更します'),
  etcd: r(
    'changes etcd data or membership (put, del, defrag, member remove, compact…)',
    'etcd のデータやメンバー構成を変更します（put・del・defrag・member remove・compact など）',
  ),
  patroni: r(
    'changes the PostgreSQL cluster (failover, switchover, restart, reinit, pause…)',
    'PostgreSQL クラスタを変更します（failover・switchover・restart・reinit・pause など）',
  ),
  postgresServer: r(
    'starts, stops, restarts or promotes a PostgreSQL server',
    'PostgreSQL サーバーを起動・停止・再起動・昇格します',
  ),
  redis: r(
    'changes or deletes Redis data or configuration',
    'Redis のデータまたは設定を変更・削除します',
  ),
  sqlWrite: r(
    'modifies data or schema (INSERT, UPDATE, DELETE, DROP, ALTER, TRUNCATE, CREATE…)',
    'データまたはスキーマを変更します（INSERT・UPDATE・DELETE・DROP・ALTER・TRUNCATE・CREATE など）',
  ),
  sqlAdmin: r(
    'runs database maintenance or changes permissions (VACUUM, REINDEX, GRANT, CLUSTER…)',
    'データベースの保守または権限変更を行います（VACUUM・REINDEX・GRANT・CLUSTER など）',
  ),
  sqlFunction: r(
    'calls a function that changes the server (ends sessions, drops slots, reloads…)',
    'サーバーを変更する関数を呼び出します（セッション終了・スロット削除・設定再読込など）',
  ),
  sqlProgram: r(
    'runs code on the database server (DO, CALL, COPY … PROGRAM)',
    'データベースサーバー上でコードを実行します（DO・CALL・COPY … PROGRAM）',
  ),
  sqlLock: r(
    'takes locks or writes through SELECT (FOR UPDATE, INTO)',
    'SELECT でロックを取得するか書き込みます（FOR UPDATE・INTO）',
  ),
  deleteFiles: r('deletes files', 'ファイルを削除します'),
  deleteFilesForce: r(
    'deletes files recursively or without asking (rm -r/-f)',
    'ファイルを再帰的または確認なしで削除します（rm -r/-f）',
  ),
  writeFiles: r('creates, changes or overwrites files', 'ファイルを作成・変更・上書きします'),
  editInPlace: r(
    'edits files in place (sed -i, …)',
    'ファイルをその場で書き換えます（sed -i など）',
  ),
  kill: r('sends a signal that ends processes', 'プロセスを終了させるシグナルを送ります'),
  priority: r('changes the priority of running processes', '実行中のプロセスの優先度を変更します'),
  power: r('shuts down or reboots the machine', 'マシンをシャットダウンまたは再起動します'),
  disk: r(
    'writes raw disks, partitions or filesystems',
    'ディスク・パーティション・ファイルシステムに直接書き込みます',
  ),
  mount: r(
    'mounts, unmounts or resizes storage',
    'ストレージをマウント・アンマウント・リサイズします',
  ),
  firewall: r('changes firewall rules', 'ファイアウォールのルールを変更します'),
  network: r('changes network configuration', 'ネットワーク設定を変更します'),
  kernel: r(
    'changes kernel parameters or modules',
    'カーネルパラメーターまたはモジュールを変更します',
  ),
  schedule: r('changes scheduled jobs', 'スケジュールされたジョブを変更します'),
  packages: r(
    'installs, upgrades or removes packages',
    'パッケージをインストール・更新・削除します',
  ),
  users: r('changes users, groups or passwords', 'ユーザー・グループ・パスワードを変更します'),
  git: r('changes a Git repository or its remote', 'Git リポジトリまたはリモートを変更します'),
  httpWrite: r(
    'sends an HTTP request that can change the server (POST, PUT, PATCH, DELETE, or a body)',
    'サーバーを変更しうる HTTP リクエストを送ります（POST・PUT・PATCH・DELETE、または本文つき）',
  ),
  download: r('downloads into a file', 'ファイルへダウンロードします'),
  journal: r(
    'deletes or rotates journal files (evidence for the post-mortem)',
    'ジャーナルファイルを削除・ローテートします（事後分析の証拠）',
  ),
  clearLog: r('clears the kernel ring buffer', 'カーネルリングバッファを消去します'),
  clock: r('changes the system clock or host settings', 'システム時刻またはホスト設定を変更します'),
  queue: r(
    'changes queues, topics or consumer offsets',
    'キュー・トピック・コンシューマーのオフセットを変更します',
  ),
  cluster: r(
    'changes cluster membership or data placement',
    'クラスタのメンバー構成またはデータ配置を変更します',
  ),
  secrets: r(
    'writes or deletes secrets or configuration in a shared store',
    '共有ストアのシークレットまたは設定を書き込み・削除します',
  ),
  webServer: r(
    'reloads, stops or restarts a web server or proxy',
    'Web サーバーまたはプロキシを再読込・停止・再起動します',
  ),
  config: r('changes configuration management state (applies a run)', '構成管理の適用を行います'),
  // Unknown: Sitrep cannot tell what it does.
  notInTable: r(
    "not in Sitrep's table of read-only commands",
    'Sitrep の読み取り専用コマンド表にありません',
  ),
  dynamicCommand: r(
    'the command name comes from a variable or substitution',
    'コマンド名が変数または置換から決まります',
  ),
  script: r(
    'runs a script or program whose content Sitrep cannot see',
    'Sitrep が内容を確認できないスクリプト・プログラムを実行します',
  ),
  stdinScript: r('runs commands read from its input', '入力から読んだコマンドを実行します'),
  parseError: r('the shell text could not be parsed', 'シェルの構文を解析できませんでした'),
  sqlParseError: r('the SQL could not be parsed', 'SQL を解析できませんでした'),
  sqlUnknownFunction: r(
    'calls a function not known to be read-only',
    '読み取り専用と確認されていない関数を呼び出します',
  ),
  sqlStatement: r(
    'a statement Sitrep does not know to be read-only',
    'Sitrep が読み取り専用と判断できない文です',
  ),
  dynamicArgs: r(
    'an argument decided at run time may change what it does',
    '実行時に決まる引数によって動作が変わる可能性があります',
  ),
  tooDeep: r('commands nested too deeply to judge', '入れ子が深すぎて判断できません'),
} satisfies Record<string, Reason>

export const SESSION_REASONS = {
  shell: r('opens an interactive shell', '対話シェルを開きます'),
  database: r('opens an interactive database client', '対話型のデータベースクライアントを開きます'),
  remote: r('opens a remote login', 'リモートログインを開きます'),
  console: r('opens an interactive console', '対話型のコンソールを開きます'),
  pager: r(
    'opens a full-screen program that waits for keys',
    'キー入力を待つ全画面プログラムを開きます',
  ),
} satisfies Record<string, Reason>
