// Judges SQL by PostgreSQL's own parse tree: read-only only when every statement is a SELECT /
// SHOW / EXPLAIN (without ANALYZE) / transaction or session setting, writes nothing (no INTO, no
// FOR UPDATE, no data-modifying CTE) and calls only functions known not to change the server.
// psql's backslash commands are read separately (`\!` runs shell, `\copy` writes, `\i` runs a file).
import { REASONS } from '../reasons'
import type { CommandVerdict, Reason } from '../verdict'
import { parseSql, SqlSyntaxError } from './postgres'

export interface SqlJudgement {
  verdicts: CommandVerdict[]
  parseErrors: string[]
  /** Shell run through `\!`, judged by the caller's shell classifier. */
  shell: Array<{ text: string; line: number }>
}

const WRITE_STATEMENTS = new Set([
  'InsertStmt',
  'UpdateStmt',
  'DeleteStmt',
  'MergeStmt',
  'TruncateStmt',
  'DropStmt',
  'DropdbStmt',
  'DropRoleStmt',
  'DropTableSpaceStmt',
  'DropOwnedStmt',
  'DropSubscriptionStmt',
  'RenameStmt',
  'CommentStmt',
  'CreateStmt',
  'CreateTableAsStmt',
  'IndexStmt',
  'ViewStmt',
  'CreateSeqStmt',
  'CreateSchemaStmt',
  'CreatedbStmt',
  'CreateFunctionStmt',
  'CreateTrigStmt',
  'CreateExtensionStmt',
  'CreatePublicationStmt',
  'CreateSubscriptionStmt',
  'CreateDomainStmt',
  'CompositeTypeStmt',
  'CreateEnumStmt',
  'DefineStmt',
  'RefreshMatViewStmt',
  'AlterTableStmt',
  'AlterSeqStmt',
  'AlterDomainStmt',
  'AlterEnumStmt',
  'AlterExtensionStmt',
  'AlterFunctionStmt',
  'AlterObjectSchemaStmt',
  'AlterOwnerStmt',
  'AlterPublicationStmt',
  'AlterSubscriptionStmt',
  'AlterDatabaseStmt',
  'AlterDatabaseSetStmt',
  'AlterTableSpaceOptionsStmt',
  'CreateTableSpaceStmt',
  'RuleStmt',
  'CreatePolicyStmt',
  'AlterPolicyStmt',
  'SecLabelStmt',
  'CreateCastStmt',
  'CreateOpClassStmt',
  'CreateStatsStmt',
  'AlterStatsStmt',
  'CreateForeignTableStmt',
  'CreateForeignServerStmt',
  'CreateUserMappingStmt',
  'ImportForeignSchemaStmt',
  'AlterDefaultPrivilegesStmt',
  'ReassignOwnedStmt',
  'AlterCollationStmt',
  'CreateEventTrigStmt',
  'AlterEventTrigStmt',
  'CreateAmStmt',
  'CreateTransformStmt',
  'CreatePLangStmt',
  'CreateRangeStmt',
  'CreateConversionStmt',
])
const ADMIN_STATEMENTS = new Set([
  'VacuumStmt',
  'ReindexStmt',
  'ClusterStmt',
  'GrantStmt',
  'GrantRoleStmt',
  'AlterSystemStmt',
  'CheckPointStmt',
  'CreateRoleStmt',
  'AlterRoleStmt',
  'AlterRoleSetStmt',
])
const READ_STATEMENTS = new Set([
  'VariableShowStmt',
  'TransactionStmt',
  'VariableSetStmt',
  'DiscardStmt',
  'ListenStmt',
  'UnlistenStmt',
  'FetchStmt',
  'ClosePortalStmt',
  'DeallocateStmt',
])

/** Functions that read: aggregates, formatting, statistics and replication status. */
const READ_FUNCTIONS = new Set(
  `count sum avg min max now clock_timestamp statement_timestamp transaction_timestamp timeofday
  pg_size_pretty pg_size_bytes pg_database_size pg_relation_size pg_total_relation_size pg_table_size
  pg_indexes_size pg_tablespace_size pg_column_size pg_is_in_recovery pg_last_wal_receive_lsn
  pg_last_wal_replay_lsn pg_current_wal_lsn pg_current_wal_insert_lsn pg_current_wal_flush_lsn
  pg_wal_lsn_diff pg_last_xact_replay_timestamp pg_postmaster_start_time pg_conf_load_time
  pg_backend_pid pg_blocking_pids pg_safe_snapshot_blocking_pids pg_is_wal_replay_paused
  pg_get_wal_replay_pause_state pg_walfile_name pg_control_checkpoint pg_control_system
  pg_stat_get_activity pg_lock_status pg_xact_commit_timestamp pg_last_committed_xact version
  current_setting current_database current_schema current_schemas inet_server_addr inet_client_addr
  inet_server_port pg_get_userbyid pg_get_indexdef pg_get_viewdef pg_get_constraintdef
  pg_get_functiondef pg_get_triggerdef pg_get_expr pg_typeof obj_description col_description
  shobj_description has_table_privilege has_database_privilege has_schema_privilege
  has_column_privilege pg_has_role quote_ident quote_literal quote_nullable format age extract
  date_part date_trunc to_char to_timestamp to_date to_number make_interval justify_interval
  justify_hours justify_days round trunc floor ceil ceiling abs mod div sqrt power exp ln log
  random greatest least length char_length octet_length bit_length lower upper initcap substring
  substr left right concat concat_ws string_agg array_agg json_agg jsonb_agg json_object_agg
  jsonb_object_agg replace regexp_replace regexp_matches regexp_match split_part strpos position
  trim btrim ltrim rtrim lpad rpad reverse repeat md5 encode decode to_json to_jsonb jsonb_pretty
  json_build_object jsonb_build_object json_build_array jsonb_build_array row_to_json array_to_json
  array_to_string string_to_array array_length array_upper array_lower cardinality unnest
  generate_series row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value
  last_value nth_value percentile_cont percentile_disc mode stddev stddev_pop stddev_samp variance
  var_pop var_samp bool_and bool_or every bit_and bit_or corr covar_pop regr_slope pg_relation_filepath
  pg_filenode_relation pg_get_keywords pg_options_to_table txid_current_snapshot
  pg_current_snapshot pg_snapshot_xmin txid_snapshot_xmin pg_stat_get_numscans
  pg_stat_get_live_tuples pg_stat_get_dead_tuples pg_stat_get_backend_activity
  pg_stat_get_db_numbackends pg_stat_statements pg_stat_get_wal_receiver pg_wal_lsn pg_encoding_to_char
  pg_client_encoding pg_tablespace_location pg_get_serial_sequence pg_index_column_has_property
  json_extract_path jsonb_extract_path json_array_length jsonb_array_length jsonb_each json_each
  jsonb_object_keys json_object_keys timezone isfinite make_timestamp make_date to_hex num_nulls
  num_nonnulls width_bucket array_position array_remove array_append array_cat array_prepend
  string_to_table regexp_split_to_table regexp_split_to_array translate ascii chr starts_with
  pg_get_partkeydef pg_partition_tree pg_partition_root pg_visible_in_snapshot host hostmask netmask
  pg_stat_get_replication_slot pg_get_replication_slots pg_get_statisticsobjdef`
    .split(/\s+/)
    .filter((s) => s !== ''),
)

/** Functions that change the server: end sessions, drop slots, reload, advance sequences… */
const WRITE_FUNCTIONS = new Set(
  `pg_terminate_backend pg_cancel_backend pg_drop_replication_slot pg_create_physical_replication_slot
  pg_create_logical_replication_slot pg_replication_slot_advance pg_copy_physical_replication_slot
  pg_copy_logical_replication_slot pg_logical_slot_get_changes pg_logical_slot_get_binary_changes
  pg_reload_conf pg_rotate_logfile pg_switch_wal pg_switch_xlog pg_promote pg_wal_replay_pause
  pg_wal_replay_resume pg_stat_reset pg_stat_reset_shared pg_stat_reset_single_table_counters
  pg_stat_reset_single_function_counters pg_stat_reset_slru pg_stat_reset_replication_slot
  pg_stat_statements_reset set_config nextval setval lo_unlink lo_import lo_export lo_create
  pg_advisory_lock pg_advisory_xact_lock pg_try_advisory_lock pg_advisory_unlock
  pg_advisory_unlock_all pg_file_write pg_file_unlink pg_file_rename dblink_exec dblink
  pg_create_restore_point pg_start_backup pg_stop_backup pg_backup_start pg_backup_stop
  pg_import_system_collations txid_current pg_notify pg_log_backend_memory_contexts
  pg_replication_origin_create pg_replication_origin_drop pg_sleep`
    .split(/\s+/)
    .filter((s) => s !== ''),
)

/** psql backslash commands that only show or set psql's own display. */
const READ_META =
  /^\\(d\S*|l\+?|list|x|timing|conninfo|echo|qecho|warn|pset|a|t|H|C|f|T|set|unset|q|quit|encoding|errverbose|h|help|\?|copyright|sf\S*|sv\S*|z\S*|c|connect|g|gx|gset|gdesc|watch|p|print|r|reset|if|elif|else|endif|prompt|getenv|setenv|cd)(\s|$)/

export function classifySql(text: string, lineOffset = 0): SqlJudgement {
  const out: SqlJudgement = { verdicts: [], parseErrors: [], shell: [] }
  const lines = text.split('\n')
  const sqlLines: string[] = []
  lines.forEach((raw, i) => {
    const line = i + 1 + lineOffset
    const trimmed = raw.trim()
    if (!trimmed.startsWith('\\')) {
      // `SELECT … \gx`: the trailing backslash command is psql's, not SQL.
      const meta = /\\(g\w*|watch)\b.*$/.exec(raw)
      sqlLines.push(meta && !inQuotes(raw.slice(0, meta.index)) ? raw.slice(0, meta.index) : raw)
      if (meta && /^\\gexec/.test(meta[0]))
        out.verdicts.push(verdict('unknown', trimmed, line, REASONS.sqlStatement))
      return
    }
    sqlLines.push('')
    meta(trimmed, line, out)
  })
  const sql = sqlLines.join('\n')
  if (sql.trim() === '' || /^[\s;]*$/.test(stripComments(sql))) return out
  let statements
  try {
    statements = parseSql(sql).statements
  } catch (err) {
    const offset = err instanceof SqlSyntaxError ? err.offset : null
    const line = offset === null ? 1 + lineOffset : lineAt(sql, offset) + lineOffset
    const message = `SQL on line ${line}: ${(err as Error).message}`
    out.parseErrors.push(message)
    out.verdicts.push(verdict('unknown', firstLine(sql, 0), line, REASONS.sqlParseError))
    return out
  }
  // Statements come in text order: lines are counted once, forward, not from the top each time
  // (a block of thousands of statements stays linear).
  const lineOf = lineCounter(sql)
  for (const s of statements) {
    const at = s.location + leadingSpace(sql, s.location)
    const line = lineOf(at) + lineOffset
    const shown = firstLine(sql, at)
    const reason = statementReason(s.type, s.node)
    out.verdicts.push(
      reason === null
        ? verdict('read-only', shown, line)
        : verdict(reason.unknown ? 'unknown' : 'state-changing', shown, line, reason.reason),
    )
  }
  return out
}

function meta(trimmed: string, line: number, out: SqlJudgement): void {
  if (trimmed.startsWith('\\!')) {
    const shell = trimmed.slice(2).trim()
    if (shell === '') out.verdicts.push(verdict('unknown', trimmed, line, REASONS.script))
    else out.shell.push({ text: shell, line })
    return
  }
  if (/^\\(copy)\b/i.test(trimmed)) {
    out.verdicts.push(
      /\bfrom\b/i.test(trimmed) ||
        /\bprogram\b/i.test(trimmed) ||
        !/\bto\s+(stdout|pstdout)\b/i.test(trimmed)
        ? verdict(
            'state-changing',
            trimmed,
            line,
            /\bprogram\b/i.test(trimmed) ? REASONS.sqlProgram : REASONS.writeFiles,
          )
        : verdict('read-only', trimmed, line),
    )
    return
  }
  if (/^\\(o|out|w|write|s)\s+\S/.test(trimmed)) {
    out.verdicts.push(verdict('state-changing', trimmed, line, REASONS.writeFiles))
    return
  }
  if (/^\\(i|ir|include|include_relative|gexec)\b/.test(trimmed)) {
    out.verdicts.push(verdict('unknown', trimmed, line, REASONS.script))
    return
  }
  out.verdicts.push(
    READ_META.test(trimmed)
      ? verdict('read-only', trimmed, line)
      : verdict('unknown', trimmed, line, REASONS.sqlStatement),
  )
}

interface StatementReason {
  reason: Reason
  unknown?: boolean
}

function statementReason(type: string, node: Record<string, unknown>): StatementReason | null {
  if (WRITE_STATEMENTS.has(type)) return { reason: REASONS.sqlWrite }
  if (ADMIN_STATEMENTS.has(type)) return { reason: REASONS.sqlAdmin }
  if (type === 'DoStmt' || type === 'CallStmt') return { reason: REASONS.sqlProgram }
  if (type === 'LockStmt') return { reason: REASONS.sqlLock }
  if (type === 'CopyStmt') {
    if (node.is_program) return { reason: REASONS.sqlProgram }
    if (node.is_from) return { reason: REASONS.sqlWrite }
    if (typeof node.filename === 'string') return { reason: REASONS.writeFiles }
    return inner(node)
  }
  if (type === 'ExplainStmt') {
    const options = (node.options ?? []) as Array<{ DefElem?: { defname?: string; arg?: unknown } }>
    const analyze = options.some((o) => o.DefElem?.defname === 'analyze' && !isFalse(o.DefElem.arg))
    // Plain EXPLAIN plans without running; EXPLAIN ANALYZE runs the statement.
    if (!analyze) return null
    const query = node.query as Record<string, unknown> | undefined
    const [qt] = Object.keys(query ?? {})
    return qt ? statementReason(qt, (query?.[qt] ?? {}) as Record<string, unknown>) : null
  }
  if (type === 'SelectStmt') {
    if (node.intoClause) return { reason: REASONS.sqlWrite }
    return inner(node)
  }
  if (READ_STATEMENTS.has(type)) {
    if (type === 'VariableSetStmt' && (node as { name?: string }).name === 'transaction_read_only')
      return null
    return inner(node)
  }
  return { reason: REASONS.sqlStatement, unknown: true }
}

function isFalse(arg: unknown): boolean {
  const s = JSON.stringify(arg ?? '')
  return /"(false|off|0)"|"boolval":\{\}|"boolval":false/i.test(s) && !/true/.test(s)
}

/** Anything inside a statement: data-modifying CTEs, locking clauses, function calls. */
function inner(node: unknown): StatementReason | null {
  let found: StatementReason | null = null
  const visit = (v: unknown): void => {
    if (found?.reason === REASONS.sqlWrite) return
    if (Array.isArray(v)) {
      for (const x of v) visit(x)
      return
    }
    if (v === null || typeof v !== 'object') return
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === 'InsertStmt' || k === 'UpdateStmt' || k === 'DeleteStmt' || k === 'MergeStmt') {
        found = { reason: REASONS.sqlWrite }
        return
      }
      if (k === 'lockingClause' && Array.isArray(x) && x.length > 0)
        found ??= { reason: REASONS.sqlLock }
      if (k === 'intoClause' && x) found = { reason: REASONS.sqlWrite }
      if (k === 'FuncCall') {
        const name = funcName(x)
        if (WRITE_FUNCTIONS.has(name)) {
          if (!found || found.unknown) found = { reason: functionReason(name) }
        } else if (!READ_FUNCTIONS.has(name)) {
          found ??= { reason: REASONS.sqlUnknownFunction, unknown: true }
        }
      }
      visit(x)
    }
  }
  visit(node)
  return found
}

/** The function's own name in the reason: the responder sees what ends their sessions. */
function functionReason(name: string): Reason {
  return {
    en: `calls ${name}(), which changes the database server (${REASONS.sqlFunction.en.replace(/^calls a function that changes the server \(|\)$/g, '')})`,
    ja: `${name}() を呼び出し、データベースサーバーを変更します（${REASONS.sqlFunction.ja.replace(/^.*（|）$/g, '')}）`,
  }
}

function funcName(call: unknown): string {
  const parts = ((call as { funcname?: Array<{ String?: { sval?: string } }> }).funcname ?? []).map(
    (p) => p.String?.sval ?? '',
  )
  return (parts.at(-1) ?? '').toLowerCase()
}

function verdict(
  cls: CommandVerdict['class'],
  command: string,
  line: number,
  reason?: Reason,
): CommandVerdict {
  const v: CommandVerdict = { class: cls, command, line }
  if (reason) v.reason = reason
  return v
}

function lineAt(text: string, offset: number): number {
  let n = 1
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++
  return n
}

/** Counts newlines before each offset; offsets must not go backwards. */
function lineCounter(text: string): (offset: number) => number {
  let pos = 0
  let line = 1
  return (offset) => {
    for (; pos < offset && pos < text.length; pos++) if (text.charCodeAt(pos) === 10) line++
    return line
  }
}

const LEADING_SPACE = /(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*/y

function leadingSpace(text: string, from: number): number {
  LEADING_SPACE.lastIndex = from
  const m = LEADING_SPACE.exec(text)
  return m?.[0].length ?? 0
}

/**
 * What `text.slice(from).trim().split('\n')[0]` gives, cut to 160 characters, without copying
 * the rest of the text for every statement.
 */
function firstLine(text: string, from: number): string {
  let start = from
  while (start < text.length && /\s/.test(text[start] ?? '')) start++
  const nl = text.indexOf('\n', start)
  const line = text.slice(start, nl === -1 ? text.length : nl)
  NON_BLANK.lastIndex = nl === -1 ? text.length : nl
  // Only when nothing but blanks follows does trimming the whole rest reach this line's end.
  return (NON_BLANK.test(text) ? line : line.trimEnd()).slice(0, 160)
}

const NON_BLANK = /\s*\S/y

function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '')
}

/** Whether the text so far leaves a single-quoted literal open (odd count of quotes). */
function inQuotes(before: string): boolean {
  return ((before.match(/'/g) ?? []).length & 1) === 1
}
