// Judges a shell block command by command on bash's own AST. Wrappers are opened up to the
// command they run (sudo, su -c, env, timeout, nice, ionice, nohup, xargs, find -exec, watch,
// bash -c, eval, ssh HOST CMD, kubectl/oc exec -- CMD, oc rsh, docker (compose) exec, knife ssh,
// parallel), heredocs and herestrings fed to psql/sh/redis-cli are judged as what they are, and
// commands that would open an interactive session are named as such.
import { REASONS, SESSION_REASONS } from '../reasons'
import { classifySql, type SqlJudgement } from '../sql/classifySql'
import type { CommandVerdict, Reason, SessionOpener } from '../verdict'
import {
  COMPOSE_VALUES,
  DOCKER_GLOBAL_VALUES,
  has,
  readOptions,
  set,
  valuesOf,
  type Arg,
  type OptionSpec,
} from './options'
import { withShellCopy } from './parser'
import {
  collectCommands,
  type FileWrite,
  type SimpleCommand,
  type StdinBody,
} from './simpleCommands'
import { alwaysReads, change, READ, redisCommand, TOOLS, unknown, type Outcome } from './tools'

/** How a wrapper or client reads a string it was given: as shell, as SQL, or as other code. */
export type EmbeddedLanguage = 'shell' | 'sql' | 'opaque'

export interface ShellJudgement {
  verdicts: CommandVerdict[]
  sessions: SessionOpener[]
  parseErrors: string[]
  /**
   * Strings of the outermost text (a word's value or a heredoc body) that a command reads as code
   * (`bash -c '…'`, `ssh h '…'`, `psql -c '…'`, `psql <<EOF`, `python3 <<EOF`): placeholder
   * filling quotes values inside them for that language as well.
   */
  embedded: Map<string, EmbeddedLanguage>
}

/** Nesting deeper than this (bash -c inside ssh inside sudo…) is judged unknown, not followed. */
const MAX_DEPTH = 6

export function classifyShell(text: string): ShellJudgement {
  const out: ShellJudgement = { verdicts: [], sessions: [], parseErrors: [], embedded: new Map() }
  judgeText(text, { out, depth: 0, line: 0, level: 0, sqlJudged: new Map() })
  return out
}

interface Ctx {
  out: ShellJudgement
  depth: number
  /** Line of the enclosing command in the block (0 at top level: lines come from the AST). */
  line: number
  /** 0 for the block's own text, 1 inside a script it hands to a shell, … */
  level: number
  /**
   * SQL already judged in this block: a block that runs the same `psql -c "…"` on many lines
   * asks PostgreSQL's parser once (its verdicts are copied out, never changed).
   */
  sqlJudged: Map<string, SqlJudgement>
}

function embed(ctx: Ctx, text: string, language: EmbeddedLanguage): void {
  if (ctx.level === 0 && !ctx.out.embedded.has(text)) ctx.out.embedded.set(text, language)
}

interface Run {
  args: Arg[]
  stdin: StdinBody | null
  piped: boolean
  line: number
  shown: string
}

function judgeText(text: string, ctx: Ctx): void {
  if (ctx.depth > MAX_DEPTH) {
    push(ctx, 'unknown', text, ctx.line || 1, REASONS.tooDeep)
    return
  }
  withShellCopy(text, ({ root, errors }) => {
    for (const e of errors) {
      ctx.out.parseErrors.push(
        ctx.depth === 0
          ? `Line ${e.line}: ${e.message}`
          : `${e.message} (in a nested command on line ${ctx.line})`,
      )
      push(
        ctx,
        'unknown',
        text.split('\n')[e.line - 1]?.trim() ?? text,
        at(ctx, e.line),
        REASONS.parseError,
      )
    }
    // tree-sitter cannot read some backquoted scripts (`a || X="\$( … )"`): the block is already
    // unknown, and what the backquotes run is judged as well, so a command hidden there still
    // makes it state-changing. Only adds verdicts: it can raise the class, never lower it.
    if (errors.length > 0 && text.includes('`')) {
      for (const inner of backquotedScripts(text)) {
        judgeText(inner, { ...ctx, depth: ctx.depth + 1, level: ctx.level + 1, line: at(ctx, 1) })
      }
    }
    const { commands, writes, backquoted } = collectCommands(root)
    for (const c of commands) judgeSimple(c, ctx)
    for (const w of writes) judgeWrite(w, ctx)
    for (const b of backquoted) {
      judgeText(b.text, {
        ...ctx,
        depth: ctx.depth + 1,
        level: ctx.level + 1,
        line: at(ctx, b.line),
      })
    }
  })
}

const at = (ctx: Ctx, line: number): number => (ctx.level === 0 ? line : ctx.line)

/**
 * The text between each pair of unescaped backquotes, after bash's backslash removal there
 * (`\$`, `\``, `\\`): read without the parser, for blocks the parser could not read.
 */
function backquotedScripts(text: string): string[] {
  const out: string[] = []
  let start = -1
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '\\') {
      i++
      continue
    }
    if (c !== '`') continue
    if (start < 0) start = i + 1
    else {
      out.push(text.slice(start, i).replace(/\\([$`\\])/g, '$1'))
      start = -1
    }
  }
  return out
}

function push(
  ctx: Ctx,
  cls: CommandVerdict['class'],
  command: string,
  line: number,
  reason?: Reason,
): void {
  const v: CommandVerdict = { class: cls, command: command.slice(0, 200), line }
  if (reason) v.reason = reason
  ctx.out.verdicts.push(v)
}

function judgeWrite(w: FileWrite, ctx: Ctx): void {
  const target = w.target?.value ?? null
  // /dev/null is a sink, and /tmp is scratch space: a note kept there changes nothing anyone runs.
  if (
    target !== null &&
    /^(\/dev\/(null|stdout|stderr|fd\/\d)|\/(var\/)?tmp\/[^/]+)$/.test(target) &&
    !target.includes('..')
  )
    return
  push(
    ctx,
    'state-changing',
    `${w.operator} ${w.target?.raw ?? ''}`,
    at(ctx, w.line),
    REASONS.writeFiles,
  )
}

function judgeSimple(c: SimpleCommand, ctx: Ctx): void {
  if (c.words.length === 0) return // only assignments: sets a variable of this shell
  judgeRun(
    {
      args: c.words.map((w) => w.value),
      stdin: c.stdin,
      piped: c.piped,
      line: at(ctx, c.line),
      shown: c.words.map((w) => w.raw).join(' '),
    },
    ctx,
  )
}

const RESERVED = new Set(['{', '}', '!', 'then', 'do', 'else', 'elif', 'fi', 'done', 'esac'])

function judgeRun(run: Run, ctx: Ctx): void {
  const [name, ...args] = run.args
  if (name === undefined) return
  if (name === null) {
    push(ctx, 'unknown', run.shown, run.line, REASONS.dynamicCommand)
    return
  }
  // tree-sitter-bash reads `! { a; }` as a command named `{`: bash reads a group. Judge the words
  // after a reserved word as the command they are; a lone `}` closes the group.
  if (RESERVED.has(name)) {
    if (args.length > 0) judgeRun({ ...run, args }, ctx)
    return
  }
  const base = name.includes('/') ? (name.split('/').pop() ?? name) : name
  // `./rollback.sh`, `/opt/x/run`: a script Sitrep cannot see, unless it is a known tool's path.
  if (
    name.includes('/') &&
    !TOOLS[base] &&
    !alwaysReads(base) &&
    !WRAPPERS[base] &&
    !SESSION_TOOLS[base]
  ) {
    push(ctx, 'unknown', run.shown, run.line, REASONS.script)
    return
  }
  const wrapper = WRAPPERS[base]
  if (wrapper) {
    wrapper(args, run, ctx)
    return
  }
  const session = SESSION_TOOLS[base]
  if (session) {
    session(args, run, ctx)
    return
  }
  const outcome: Outcome = alwaysReads(base)
    ? READ
    : /^mkfs(\.\w+)?$/.test(base)
      ? change(REASONS.disk)
      : (TOOLS[base]?.(args) ?? unknown())
  push(ctx, outcome.class, run.shown, run.line, outcome.reason)
}

// ---- what wraps another command ----------------------------------------------------------

type Wrapper = (args: Arg[], run: Run, ctx: Ctx) => void

/** Judges `inner` as the command actually run, keeping the wrapper's stdin. */
function runInner(inner: Arg[], run: Run, ctx: Ctx): void {
  if (ctx.depth >= MAX_DEPTH) {
    push(ctx, 'unknown', run.shown, run.line, REASONS.tooDeep)
    return
  }
  judgeRun({ ...run, args: inner }, { ...ctx, depth: ctx.depth + 1 })
}

/** Judges `script` as shell text that the wrapper hands to a shell. */
function runScript(script: Arg, run: Run, ctx: Ctx): void {
  if (script === null) {
    push(ctx, 'unknown', run.shown, run.line, REASONS.dynamicArgs)
    return
  }
  embed(ctx, script, 'shell')
  judgeText(script, { ...ctx, depth: ctx.depth + 1, line: run.line, level: ctx.level + 1 })
}

const joined = (words: Arg[]): Arg => (words.some((w) => w === null) ? null : words.join(' '))

/** Several words joined into one command line (ssh, watch, eval): each is a piece of shell. */
function runJoined(words: Arg[], run: Run, ctx: Ctx): void {
  if (words.length > 1) for (const w of words) if (w !== null) embed(ctx, w, 'shell')
  runScript(joined(words), run, ctx)
}

/** Wrapper whose own options end at the first operand, then the wrapped command. */
const prefix =
  (spec: OptionSpec, operands = 0, whenBare: Outcome = READ): Wrapper =>
  (args, run, ctx) => {
    const o = readOptions(args, { ...spec, stopAtOperand: true })
    const inner = args.slice(o.rest + operands)
    if (inner.length === 0) push(ctx, whenBare.class, run.shown, run.line, whenBare.reason)
    else runInner(inner, run, ctx)
  }

const SHELLS = set('sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh')

const shell: Wrapper = (args, run, ctx) => {
  const o = readOptions(args, {
    values: set('-o', '+o', '-O', '+O', '--rcfile', '--init-file'),
    stopAtOperand: true,
  })
  const command = o.flags.find((f) => f.flag === '-c')
  if (command) {
    // `bash -c 'script' name args`: the script is the first operand after the options.
    runScript(args[o.rest] ?? null, run, ctx)
    return
  }
  if (o.rest < args.length && !has(o, '-s')) {
    push(ctx, 'unknown', run.shown, run.line, REASONS.script)
    return
  }
  if (run.stdin) {
    if (run.stdin.literal || !/[$`]/.test(run.stdin.text)) runScript(run.stdin.text, run, ctx)
    else runScript(run.stdin.text, run, ctx)
    return
  }
  if (run.piped) {
    push(ctx, 'unknown', run.shown, run.line, REASONS.stdinScript)
    return
  }
  session(ctx, run, SESSION_REASONS.shell)
}

function session(ctx: Ctx, run: Run, reason: Reason): void {
  ctx.out.sessions.push({ command: run.shown, line: run.line, reason })
  // Opening a shell or client changes nothing by itself; what is typed into it is not visible.
  push(ctx, 'unknown', run.shown, run.line, reason)
}

const SUDO_VALUES = set(
  '-u',
  '-g',
  '-h',
  '-p',
  '-C',
  '-D',
  '-r',
  '-t',
  '-U',
  '-T',
  '--user',
  '--group',
  '--host',
  '--prompt',
  '--close-from',
  '--chdir',
  '--role',
  '--type',
  '--other-user',
  '--command-timeout',
)
const sudo: Wrapper = (args, run, ctx) => {
  const o = readOptions(args, { values: SUDO_VALUES, stopAtOperand: true })
  const inner = args.slice(o.rest)
  if (inner.length === 0) {
    if (has(o, '-i', '--login', '-s', '--shell')) session(ctx, run, SESSION_REASONS.shell)
    else if (
      has(
        o,
        '-l',
        '--list',
        '-v',
        '--validate',
        '-k',
        '-K',
        '--reset-timestamp',
        '--remove-timestamp',
        '-V',
        '--version',
      )
    )
      push(ctx, 'read-only', run.shown, run.line)
    else push(ctx, 'unknown', run.shown, run.line, REASONS.notInTable)
    return
  }
  // `sudo -i CMD` / `sudo -s CMD`: the login shell runs CMD as a command line.
  if (has(o, '-i', '--login', '-s', '--shell') && inner.length === 1)
    runScript(inner[0] ?? null, run, ctx)
  else runInner(inner, run, ctx)
}

const doas: Wrapper = (args, run, ctx) => {
  const o = readOptions(args, { values: set('-u', '-C'), stopAtOperand: true })
  const inner = args.slice(o.rest)
  if (inner.length === 0) session(ctx, run, SESSION_REASONS.shell)
  else runInner(inner, run, ctx)
}

const su: Wrapper = (args, run, ctx) => {
  const o = readOptions(args, {
    values: set(
      '-c',
      '--command',
      '-s',
      '--shell',
      '-g',
      '--group',
      '-G',
      '--supp-group',
      '-w',
      '--whitelist-environment',
      '-C',
      '--session-command',
    ),
  })
  const script = valuesOf(o, '-c', '--command', '-C', '--session-command')
  if (script.length > 0) for (const s of script) runScript(s, run, ctx)
  else session(ctx, run, SESSION_REASONS.shell)
}

const runuser: Wrapper = (args, run, ctx) => {
  const o = readOptions(args, {
    values: set('-u', '--user', '-g', '-G', '-c', '--command', '-s', '--shell', '-w'),
    stopAtOperand: true,
  })
  const script = valuesOf(o, '-c', '--command')
  if (script.length > 0) for (const s of script) runScript(s, run, ctx)
  else if (o.rest < args.length) runInner(args.slice(o.rest), run, ctx)
  else session(ctx, run, SESSION_REASONS.shell)
}

const env: Wrapper = (args, run, ctx) => {
  const o = readOptions(args, {
    values: set('-u', '--unset', '-C', '--chdir', '-S', '--split-string', '-P'),
    stopAtOperand: true,
  })
  const split = valuesOf(o, '-S', '--split-string')
  let i = o.rest
  while (i < args.length && /^[A-Za-z_]\w*=/.test(args[i] ?? '')) i++
  const inner = args.slice(i)
  if (split.length > 0) runScript(joined([...split, ...inner]), run, ctx)
  else if (inner.length === 0) push(ctx, 'read-only', run.shown, run.line)
  else runInner(inner, run, ctx)
}

const ionice: Wrapper = (args, run, ctx) => {
  const o = readOptions(args, {
    values: set('-c', '--class', '-n', '--classdata', '-p', '--pid', '-P', '--pgid', '-u', '--uid'),
    stopAtOperand: true,
  })
  if (has(o, '-p', '--pid', '-P', '--pgid', '-u', '--uid')) {
    push(ctx, 'state-changing', run.shown, run.line, REASONS.priority)
    return
  }
  const inner = args.slice(o.rest)
  if (inner.length === 0) push(ctx, 'read-only', run.shown, run.line)
  else runInner(inner, run, ctx)
}

const nice: Wrapper = (args, run, ctx) => {
  // `nice -10 cmd` is an adjustment written as a flag.
  const rest = /^-\d+$/.test(args[0] ?? '') ? args.slice(1) : args
  prefix({ values: set('-n', '--adjustment') })(rest, run, ctx)
}

const command: Wrapper = (args, run, ctx) => {
  const o = readOptions(args, { values: set(), stopAtOperand: true })
  if (has(o, '-v', '-V')) push(ctx, 'read-only', run.shown, run.line)
  else if (o.rest < args.length) runInner(args.slice(o.rest), run, ctx)
  else push(ctx, 'read-only', run.shown, run.line)
}

const XARGS_VALUES = set(
  '-n',
  '-L',
  '-l',
  '-P',
  '-I',
  '-i',
  '-d',
  '-s',
  '-a',
  '-E',
  '-e',
  '--max-args',
  '--max-lines',
  '--max-procs',
  '--replace',
  '--delimiter',
  '--max-chars',
  '--arg-file',
  '--eof',
  '--process-slot-var',
)
const xargs: Wrapper = (args, run, ctx) => {
  const o = readOptions(args, { values: XARGS_VALUES, stopAtOperand: true })
  const inner = args.slice(o.rest)
  if (inner.length === 0)
    push(ctx, 'read-only', run.shown, run.line) // echo
  else runInner(inner, { ...run, stdin: null, piped: false }, ctx)
}

const find: Wrapper = (args, run, ctx) => {
  let judged = false
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (a === '-exec' || a === '-execdir' || a === '-ok' || a === '-okdir') {
      let j = i + 1
      while (j < args.length && args[j] !== ';' && args[j] !== '+') j++
      runInner(args.slice(i + 1, j), { ...run, stdin: null, piped: false }, ctx)
      judged = true
      i = j
    } else if (a === '-delete') {
      push(ctx, 'state-changing', run.shown, run.line, REASONS.deleteFiles)
      judged = true
    } else if (a === '-fprint' || a === '-fprint0' || a === '-fprintf' || a === '-fls') {
      push(ctx, 'state-changing', run.shown, run.line, REASONS.writeFiles)
      judged = true
    }
  }
  if (!judged) push(ctx, 'read-only', run.shown, run.line)
}

const watch: Wrapper = (args, run, ctx) => {
  const o = readOptions(args, {
    values: set('-n', '--interval', '-q', '--equexit'),
    stopAtOperand: true,
  })
  const inner = args.slice(o.rest)
  if (inner.length === 0) push(ctx, 'unknown', run.shown, run.line, REASONS.notInTable)
  // watch hands its words to `sh -c` joined by spaces, unless -x/--exec.
  else if (has(o, '-x', '--exec')) runInner(inner, run, ctx)
  else runJoined(inner, run, ctx)
}

const evalWrapper: Wrapper = (args, run, ctx) => runJoined(args, run, ctx)

const SSH_VALUES = set(
  '-b',
  '-c',
  '-D',
  '-E',
  '-e',
  '-F',
  '-I',
  '-i',
  '-J',
  '-L',
  '-l',
  '-m',
  '-O',
  '-o',
  '-p',
  '-Q',
  '-R',
  '-S',
  '-W',
  '-w',
  '-B',
)
const ssh: Wrapper = (args, run, ctx) => {
  const o = readOptions(args, { values: SSH_VALUES, stopAtOperand: true })
  const remote = args.slice(o.rest + 1)
  if (o.rest >= args.length) {
    push(ctx, 'unknown', run.shown, run.line, REASONS.notInTable)
    return
  }
  if (remote.length > 0) runJoined(remote, run, ctx)
  else if (run.stdin) runScript(run.stdin.text, run, ctx)
  else if (has(o, '-N')) push(ctx, 'unknown', run.shown, run.line, REASONS.notInTable)
  else session(ctx, run, SESSION_REASONS.remote)
}

const KUBE_GLOBAL = set(
  '-n',
  '--namespace',
  '--context',
  '--cluster',
  '--user',
  '--kubeconfig',
  '-s',
  '--server',
  '--token',
  '--as',
  '-c',
  '--container',
  '--pod-running-timeout',
  '-f',
  '--filename',
  '--request-timeout',
)
const kubectl: Wrapper = (args, run, ctx) => {
  const o = readOptions(args, { values: KUBE_GLOBAL })
  const verb = o.operands[0]
  if (verb === 'exec') {
    const dashes = args.indexOf('--')
    if (dashes < 0) {
      // `kubectl exec POD CMD` (old form): the words after the pod are the command.
      const operands = o.operands.slice(2)
      if (operands.length === 0) session(ctx, run, SESSION_REASONS.shell)
      else runInner(operands, run, ctx)
      return
    }
    runInner(args.slice(dashes + 1), run, ctx)
    return
  }
  if (verb === 'rsh') {
    const r = readOptions(args.slice(args.indexOf('rsh') + 1), {
      values: set(...KUBE_GLOBAL, '--shell', '-t', '--timeout'),
      stopAtOperand: true,
    })
    const rest = args.slice(args.indexOf('rsh') + 1).slice(r.rest + 1)
    if (rest.length === 0) session(ctx, run, SESSION_REASONS.shell)
    else if (rest.length === 1 && /\s/.test(rest[0] ?? '')) runScript(rest[0] ?? null, run, ctx)
    else runInner(rest, run, ctx)
    return
  }
  if (verb === 'debug' || verb === 'attach') {
    const outcome = TOOLS.kubectl?.(args) ?? unknown()
    push(ctx, outcome.class, run.shown, run.line, outcome.reason)
    if (has(o, '-i', '-it', '-ti', '--stdin', '-t', '--tty'))
      ctx.out.sessions.push({ command: run.shown, line: run.line, reason: SESSION_REASONS.shell })
    return
  }
  const outcome = TOOLS.kubectl?.(args) ?? unknown()
  push(ctx, outcome.class, run.shown, run.line, outcome.reason)
}

const DOCKER_EXEC_VALUES = set(
  '-e',
  '--env',
  '--env-file',
  '-u',
  '--user',
  '-w',
  '--workdir',
  '--detach-keys',
  '--index',
)
const docker: Wrapper = (args, run, ctx) => {
  const global = readOptions(args, {
    values: set(...DOCKER_GLOBAL_VALUES, ...COMPOSE_VALUES),
    stopAtOperand: true,
  })
  let i = global.rest
  if (args[i] === 'compose' || args[i] === 'container') {
    i++
    i += readOptions(args.slice(i), { values: set(...COMPOSE_VALUES), stopAtOperand: true }).rest
  }
  if (args[i] === 'exec') {
    const rest = args.slice(i + 1)
    const o = readOptions(rest, { values: DOCKER_EXEC_VALUES, stopAtOperand: true })
    const inner = rest.slice(o.rest + 1)
    if (inner.length === 0) push(ctx, 'unknown', run.shown, run.line, REASONS.notInTable)
    else runInner(inner, run, ctx)
    return
  }
  const outcome = TOOLS.docker?.(args) ?? unknown()
  push(ctx, outcome.class, run.shown, run.line, outcome.reason)
}

const dockerCompose: Wrapper = (args, run, ctx) => docker(['compose', ...args], run, ctx)

const knife: Wrapper = (args, run, ctx) => {
  if (args[0] !== 'ssh') {
    const outcome = TOOLS.knife?.(args) ?? unknown()
    push(ctx, outcome.class, run.shown, run.line, outcome.reason)
    return
  }
  const o = readOptions(args.slice(1), {
    values: set(
      '-x',
      '--ssh-user',
      '-P',
      '--ssh-password',
      '-i',
      '--ssh-identity-file',
      '-a',
      '--attribute',
      '-p',
      '--ssh-port',
      '-C',
      '--concurrency',
      '-G',
      '--ssh-gateway',
    ),
  })
  runScript(o.operands[1] ?? null, run, ctx)
}

const parallel: Wrapper = (args, run, ctx) => {
  const o = readOptions(args, {
    values: set(
      '-j',
      '--jobs',
      '-S',
      '--sshlogin',
      '--joblog',
      '-a',
      '--arg-file',
      '--colsep',
      '-d',
      '--delimiter',
      '--delay',
      '--timeout',
      '--results',
      '--retries',
      '-n',
      '--max-args',
      '-N',
      '-I',
      '--tagstring',
    ),
    stopAtOperand: true,
  })
  const rest = args.slice(o.rest)
  const end = rest.findIndex((a) => a !== null && /^:::+\+?$/.test(a))
  const words = end < 0 ? rest : rest.slice(0, end)
  if (words.length === 0) push(ctx, 'unknown', run.shown, run.line, REASONS.stdinScript)
  else runJoined(words, run, ctx)
}

const time: Wrapper = prefix({ values: set('-f', '--format', '-o', '--output') })

export const WRAPPERS: Record<string, Wrapper> = {
  sudo,
  doas,
  su,
  runuser,
  env,
  timeout: prefix({ values: set('-s', '--signal', '-k', '--kill-after') }, 1),
  nice,
  ionice,
  nohup: prefix({ values: set() }),
  time,
  command,
  builtin: prefix({ values: set() }),
  exec: prefix({ values: set('-a') }),
  stdbuf: prefix({ values: set('-i', '-o', '-e', '--input', '--output', '--error') }),
  setsid: prefix({ values: set() }),
  unbuffer: prefix({ values: set() }),
  chronic: prefix({ values: set() }),
  caffeinate: prefix({ values: set() }),
  taskset: prefix({ values: set() }, 1),
  flock: prefix({ values: set('-w', '--timeout', '-E', '--conflict-exit-code') }, 1),
  chroot: prefix({ values: set('--userspec', '--groups') }, 1),
  xargs,
  find,
  watch,
  eval: evalWrapper,
  ssh,
  kubectl,
  oc: kubectl,
  docker,
  podman: docker,
  'docker-compose': dockerCompose,
  knife,
  parallel,
  ...Object.fromEntries([...SHELLS].map((s) => [s, shell])),
}
// Looked up by a command's name: `valueOf` or `constructor` must find nothing, not Object's.
Object.setPrototypeOf(WRAPPERS, null)

// ---- clients that open a session without a command ----------------------------------------

type SessionTool = (args: Arg[], run: Run, ctx: Ctx) => void

const judgeSqlText = (sql: string, run: Run, ctx: Ctx): void => {
  embed(ctx, sql, 'sql')
  let j = ctx.sqlJudged.get(sql)
  if (!j) {
    j = classifySql(sql, 0)
    ctx.sqlJudged.set(sql, j)
  }
  ctx.out.parseErrors.push(...j.parseErrors.map((e) => `${e} (line ${run.line} of the block)`))
  for (const v of j.verdicts) push(ctx, v.class, v.command, run.line, v.reason)
  for (const s of j.shell) runScript(s.text, run, ctx)
}

/** SQL given on a client's command line; a text the shell fills in at run time is unknown. */
const judgeSqlArgs = (texts: readonly Arg[], run: Run, ctx: Ctx): void => {
  for (const t of texts) {
    if (t === null) push(ctx, 'unknown', run.shown, run.line, REASONS.dynamicArgs)
    else judgeSqlText(t, run, ctx)
  }
}

/** A database client given no SQL reads stdin: a heredoc is judged, a pipe is unknown, a
 * terminal opens a session. */
const sqlFromStdin = (run: Run, ctx: Ctx): void => {
  if (run.stdin) judgeSqlText(run.stdin.text, run, ctx)
  else if (run.piped) push(ctx, 'unknown', run.shown, run.line, REASONS.stdinScript)
  else session(ctx, run, SESSION_REASONS.database)
}

const psql: SessionTool = (args, run, ctx) => {
  const o = readOptions(args, {
    values: set(
      '-h',
      '--host',
      '-p',
      '--port',
      '-U',
      '--username',
      '-d',
      '--dbname',
      '-c',
      '--command',
      '-f',
      '--file',
      '-v',
      '--set',
      '--variable',
      '-P',
      '--pset',
      '-o',
      '--output',
      '-L',
      '--log-file',
      '-F',
      '--field-separator',
      '-R',
      '--record-separator',
      '-T',
      '--table-attr',
    ),
  })
  const commands = valuesOf(o, '-c', '--command')
  const files = valuesOf(o, '-f', '--file')
  if (valuesOf(o, '-o', '--output', '-L', '--log-file').some((p) => p !== '/dev/null'))
    push(ctx, 'state-changing', run.shown, run.line, REASONS.writeFiles)
  if (
    has(o, '-l', '--list', '-V', '--version', '-?', '--help') &&
    commands.length === 0 &&
    files.length === 0
  ) {
    push(ctx, 'read-only', run.shown, run.line)
    return
  }
  judgeSqlArgs(commands, run, ctx)
  for (const f of files) {
    if (f === '-' && run.stdin) judgeSqlText(run.stdin.text, run, ctx)
    else
      push(
        ctx,
        'unknown',
        run.shown,
        run.line,
        f === '-' && run.piped ? REASONS.stdinScript : REASONS.script,
      )
  }
  if (commands.length === 0 && files.length === 0) sqlFromStdin(run, ctx)
}

const mysql: SessionTool = (args, run, ctx) => {
  const o = readOptions(args, {
    values: set(
      '-h',
      '--host',
      '-P',
      '--port',
      '-u',
      '--user',
      '-D',
      '--database',
      '-e',
      '--execute',
      '-S',
      '--socket',
    ),
  })
  const exec = valuesOf(o, '-e', '--execute')
  // MySQL's dialect is read by PostgreSQL's parser: what it cannot read stays unknown.
  if (exec.length > 0) judgeSqlArgs(exec, run, ctx)
  else sqlFromStdin(run, ctx)
}

const REDIS_VALUES = set(
  '--pattern',
  '--count',
  '--quoted-pattern',
  '--memkeys-samples',
  '--pipe-timeout',
  '-h',
  '-p',
  '-s',
  '-a',
  '-u',
  '-n',
  '-r',
  '-i',
  '-d',
  '--user',
  '--pass',
  '--sni',
  '--cacert',
  '--cert',
  '--key',
  '--eval',
)
const redisCli: SessionTool = (args, run, ctx) => {
  const o = readOptions(args, { values: REDIS_VALUES, stopAtOperand: true })
  if (has(o, '--eval')) {
    push(ctx, 'unknown', run.shown, run.line, REASONS.script)
    return
  }
  const command = args.slice(o.rest)
  if (command.length > 0) {
    const r = redisCommand(command)
    push(ctx, r.class, run.shown, run.line, r.reason)
    return
  }
  if (
    has(
      o,
      '--stat',
      '--latency',
      '--latency-history',
      '--bigkeys',
      '--memkeys',
      '--scan',
      '--hotkeys',
      '--version',
      '-v',
    )
  ) {
    push(ctx, 'read-only', run.shown, run.line)
    return
  }
  if (run.stdin) {
    embed(ctx, run.stdin.text, 'opaque')
    for (const line of run.stdin.text.split('\n')) {
      if (line.trim() === '') continue
      const r = redisCommand(line.trim().split(/\s+/))
      push(ctx, r.class, line.trim(), run.line, r.reason)
    }
  } else if (run.piped) push(ctx, 'unknown', run.shown, run.line, REASONS.stdinScript)
  else session(ctx, run, SESSION_REASONS.database)
}

const interpreter: SessionTool = (args, run, ctx) => {
  if (args.length === 0 && !run.stdin && !run.piped) session(ctx, run, SESSION_REASONS.console)
  else if (args[0] === '-m' && args[1] === 'json.tool') push(ctx, 'read-only', run.shown, run.line)
  else if (args.length === 1 && /^(-V|--version)$/.test(args[0] ?? ''))
    push(ctx, 'read-only', run.shown, run.line)
  else push(ctx, 'unknown', run.shown, run.line, REASONS.script)
}

const rails: SessionTool = (args, run, ctx) => {
  if (/^(c|console|db|dbconsole)$/.test(args[0] ?? '')) session(ctx, run, SESSION_REASONS.console)
  else if (/^db:(migrate|rollback|drop|reset|seed|setup|schema:load|create)/.test(args[0] ?? ''))
    push(ctx, 'state-changing', run.shown, run.line, REASONS.sqlWrite)
  else push(ctx, 'unknown', run.shown, run.line, REASONS.script)
}

const fullScreen: SessionTool = (_args, run, ctx) => session(ctx, run, SESSION_REASONS.pager)

const top: SessionTool = (args, run, ctx) => {
  if (args.some((a) => /^-\w*b/.test(a ?? ''))) push(ctx, 'read-only', run.shown, run.line)
  else session(ctx, run, SESSION_REASONS.pager)
}

const mongo: SessionTool = (args, run, ctx) => {
  if (args.some((a) => a === '--eval' || a?.endsWith('.js')))
    push(ctx, 'unknown', run.shown, run.line, REASONS.script)
  else session(ctx, run, SESSION_REASONS.database)
}

const SESSION_TOOLS: Record<string, SessionTool> = {
  psql,
  mysql,
  mariadb: mysql,
  'redis-cli': redisCli,
  python: interpreter,
  python3: interpreter,
  node: interpreter,
  ruby: interpreter,
  irb: interpreter,
  php: interpreter,
  rails,
  'bin/rails': rails,
  mongo,
  mongosh: mongo,
  top,
  htop: fullScreen,
  atop: fullScreen,
  less: fullScreen,
  more: fullScreen,
  vi: fullScreen,
  vim: fullScreen,
  nano: fullScreen,
  emacs: fullScreen,
  man: fullScreen,
  tmux: fullScreen,
  screen: fullScreen,
  telnet: fullScreen,
  iftop: fullScreen,
  nethogs: fullScreen,
  k9s: fullScreen,
}
// Looked up by a command's name: `valueOf` or `constructor` must find nothing, not Object's.
Object.setPrototypeOf(SESSION_TOOLS, null)

export const TOOL_NAMES_OPENING_SESSIONS = Object.keys(SESSION_TOOLS)
export { READ }
