// Runbook commands: parse + classify + fill of every runbook in test/fixtures/runbooks-wild
// against reading the same files alone; classification throughput per command (bash AST +
// PostgreSQL parser + tables) against splitting the same text into words, which is all a word
// list does; and one 100 KB runbook built from the corpus (prose and code as written), whose
// parse + classify must stay under 20 ms, with a 100 KB block of nothing but shell beside it.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../src/main/core/store/openDatabase'
import { RunbookLibrary } from '../src/main/core/runbooks/library'
import { classifyCommand } from '../src/main/core/runbooks/dangerous'
import { parseRunbook } from '../src/main/core/runbooks/parse'
import { fillPlaceholders } from '../src/main/core/runbooks/placeholders'
import { parseShell } from '../src/main/core/runbooks/shell/parser'
import { allCommands } from '../src/main/core/runbooks/walk'
import { type Benchmark, type Figure, median } from './harness'

const CORPUS = join(import.meta.dirname, '..', 'test', 'fixtures', 'runbooks-wild')
const RUNS = 15

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return markdownFiles(path)
    return name.endsWith('.md') ? [path] : []
  })
}

const ms = (fn: () => void): number => {
  const start = process.hrtime.bigint()
  fn()
  return Number(process.hrtime.bigint() - start) / 1e6
}

/** What a responder waits for when a runbook opens and a step runs: parse, judge, fill. */
function parseClassifyFill(text: string, source: string): void {
  const rb = parseRunbook(text, source)
  for (const c of allCommands(rb)) {
    if (!c.runnable || c.kind === 'promql') continue
    const values = Object.fromEntries(c.parameters.map((p) => [p.name, 'value-1']))
    try {
      fillPlaceholders(c, values)
    } catch {
      // A refusal (a placeholder where a keyword stands) costs the same to find.
    }
  }
}

function corpusFigures(files: string[]): Figure[] {
  const perFile: number[][] = files.map(() => [])
  const readOnly: number[][] = files.map(() => [])
  for (let run = 0; run < RUNS; run++) {
    files.forEach((f, i) => {
      let text = ''
      readOnly[i]?.push(ms(() => (text = readFileSync(f, 'utf8'))))
      perFile[i]?.push(ms(() => parseClassifyFill(readFileSync(f, 'utf8'), f)))
      void text
    })
  }
  const ours = perFile.map(median)
  const bare = readOnly.map(median)
  return [
    {
      label: `parse + classify + fill, median per runbook (${files.length} files)`,
      value: median(ours),
      unit: 'ms',
      baselineLabel: 'reading the file',
      baselineValue: median(bare),
      higherIsBetter: false,
      samples: ours,
      baselineSamples: bare,
    },
    {
      label: 'parse + classify + fill, slowest runbook',
      value: Math.max(...ours),
      unit: 'ms',
      baselineLabel: 'reading the slowest file',
      baselineValue: Math.max(...bare),
      higherIsBetter: false,
    },
  ]
}

/** Every runnable block of the corpus, as the classifier receives it. */
function corpusCommands(files: string[]): Array<{ code: string; kind: 'shell' | 'sql' }> {
  const out: Array<{ code: string; kind: 'shell' | 'sql' }> = []
  for (const f of files) {
    for (const c of allCommands(parseRunbook(readFileSync(f, 'utf8'), f))) {
      if (c.runnable && (c.kind === 'shell' || c.kind === 'sql'))
        out.push({ code: c.code, kind: c.kind })
    }
  }
  return out
}

function throughputFigure(commands: Array<{ code: string; kind: 'shell' | 'sql' }>): Figure {
  const ours: number[] = []
  const bare: number[] = []
  for (let run = 0; run < RUNS; run++) {
    ours.push(
      (ms(() => commands.forEach((c) => classifyCommand(c.code, c.kind))) * 1000) / commands.length,
    )
    bare.push(
      (ms(() => commands.forEach((c) => c.code.split(/[\s;&|()]+/).filter((w) => w !== ''))) *
        1000) /
        commands.length,
    )
  }
  return {
    label: `classify one block (${commands.length} blocks of the corpus)`,
    value: median(ours),
    unit: 'µs',
    baselineLabel: 'splitting it into words',
    baselineValue: median(bare),
    higherIsBetter: false,
    samples: ours,
    baselineSamples: bare,
  }
}

/** Runbooks of the corpus joined until 100 KB: prose, tables and code in their real mix. */
function hundredKb(files: string[]): string {
  let text = ''
  for (let i = 0; text.length < 100_000; i++) {
    const body = readFileSync(files[i % files.length] as string, 'utf8').replace(
      /^---\n[\s\S]*?\n---\n/,
      '',
    )
    text += `\n${body}\n`
  }
  return text.slice(0, 100_000).replace(/\n[^\n]*$/, '\n')
}

function budgetFigures(files: string[]): Figure[] {
  const mixed = hundredKb(files)
  const script =
    'for p in $(kubectl get pods -o name); do kubectl describe "$p" | grep -i oom; done\nsudo -u postgres psql -c "SELECT count(*) FROM pg_stat_activity"\n'
  const shell = `# Big\n\n\`\`\`bash\n${script
    .repeat(Math.ceil(100_000 / script.length))
    .slice(0, 100_000)
    .replace(/\n[^\n]*$/, '\n')}\`\`\`\n`
  const figures: Figure[] = []
  for (const [label, text] of [
    ['100 KB runbook from the corpus: parse + classify', mixed],
    ['100 KB runbook that is one bash block: parse + classify', shell],
  ] as const) {
    const ours: number[] = []
    const bare: number[] = []
    for (let run = 0; run < RUNS; run++) {
      ours.push(ms(() => parseRunbook(text, 'big.md')))
      bare.push(ms(() => Buffer.from(text, 'utf8').toString('utf8')))
    }
    figures.push({
      label,
      value: median(ours),
      unit: 'ms',
      baselineLabel: 'decoding its bytes',
      baselineValue: median(bare),
      higherIsBetter: false,
      samples: ours,
      baselineSamples: bare,
    })
  }
  // What the classifier adds over the parser it stands on: the one-block runbook against
  // tree-sitter parsing the same block and nothing else.
  const block = shell.slice(shell.indexOf('\n', shell.indexOf('```')) + 1, shell.lastIndexOf('```'))
  const ours: number[] = []
  const parseOnly: number[] = []
  for (let run = 0; run < RUNS; run++) {
    ours.push(ms(() => parseRunbook(shell, 'big.md')))
    parseOnly.push(ms(() => parseShell(block).tree.delete()))
  }
  figures.push({
    label: '100 KB bash block: parse + classify against the bash parser alone',
    value: median(ours),
    unit: 'ms',
    baselineLabel: 'tree-sitter-bash parsing the block (WASM)',
    baselineValue: median(parseOnly),
    higherIsBetter: false,
    samples: ours,
    baselineSamples: parseOnly,
  })
  return figures
}

/**
 * A folder of 1 000 runbooks (the corpus, repeated under numbered sub-folders so every id is its
 * own) imported into a fresh database, against inserting the same bytes as rows in one
 * transaction: what identity, SHA-256, parse and classify add to storing the files at all.
 */
function folderImportFigure(files: string[]): Figure {
  const texts = files.map((f) => readFileSync(f, 'utf8'))
  const folder = Array.from({ length: 1000 }, (_, i) => ({
    path: `team/part-${Math.floor(i / texts.length)}/${i}.md`,
    text: texts[i % texts.length] ?? '',
  }))
  const ours: number[] = []
  const bare: number[] = []
  for (let run = 0; run < 3; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'sitrep-bench-rb-'))
    try {
      const db = openDatabase(join(dir, 'sitrep.db'))
      const library = new RunbookLibrary(db, () => Date.now())
      ours.push(ms(() => library.importFiles(folder)))
      db.exec('CREATE TABLE raw_files (path TEXT PRIMARY KEY, body BLOB)')
      const insert = db.prepare('INSERT INTO raw_files (path, body) VALUES (?, ?)')
      bare.push(
        ms(() =>
          db.transaction(() => {
            for (const f of folder) insert.run(f.path, Buffer.from(f.text))
          })(),
        ),
      )
      db.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return {
    label: 'import a folder of 1 000 runbooks (parse, classify, id, SHA-256, store)',
    value: median(ours),
    unit: 'ms',
    baselineLabel: 'bare INSERT of the same bytes, one transaction',
    baselineValue: median(bare),
    higherIsBetter: false,
    samples: ours,
    baselineSamples: bare,
  }
}

export const runbooks: Benchmark = {
  name: 'runbooks',
  description:
    'Runbook commands judged on real parsers (tree-sitter-bash, libpg-query): parse + classify + fill of every runbook in test/fixtures/runbooks-wild against reading the file; classification per block against splitting it into words; a 100 KB runbook (the corpus joined, and one all-bash block) whose parse + classify must stay under 20 ms; a folder of 1 000 runbooks imported against a bare insert of their bytes.',
  howToRead:
    'Absolute milliseconds matter more than the ratios: a responder should never wait (budget 20 ms for 100 KB). The ratio says what the parsers cost over touching the bytes at all. Every runbook of the corpus is far inside the budget. At 100 KB it is not met, and for the one-block runbook it cannot be: tree-sitter-bash (WASM) alone parses 100 KB of bash in about the whole budget on these cores (the row against the parser). A CPU profile of the 100 KB corpus runbook: bash parse 20 %, PostgreSQL parser (libpg-query, its JSON crossing from WASM) 15 %, copying the tree and collecting its commands 16 %, the classification rules 17 %, Markdown, ids and placeholders the rest. Found and removed on the way: SQL verdicts rescanned the block per statement (quadratic), every node read crossed into WASM (now one cursor walk), a long `&&` list overflowed the stack (now a work stack), the same SQL was parsed once per line.',
  run: () => {
    const files = markdownFiles(CORPUS).sort()
    // One warm-up pass: WASM compilation and JIT are paid once per process, not per runbook.
    for (const f of files) parseClassifyFill(readFileSync(f, 'utf8'), f)
    return [
      ...corpusFigures(files),
      throughputFigure(corpusCommands(files)),
      ...budgetFigures(files),
      folderImportFigure(files),
    ]
  },
}
