// Every stylesheet of the renderer is global, so two of them styling the same class collide
// (the dangerous-command confirm button once rendered red on red that way). Each stylesheet
// therefore declares the class names it owns in an `owns:` comment, no two declarations may
// overlap, and every selector must name at least one class its own stylesheet owns: a rule
// then only reaches elements that carry (or sit in, or next to) that stylesheet's classes.
// Only ui/tokens.css may style bare elements. docs/architecture.md says why prefixes, not
// CSS modules.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(process.cwd(), 'src/renderer/src')
const globalSheet = 'ui/tokens.css'

interface Sheet {
  path: string
  css: string
}

/** `rb-*` owns every class starting with `rb-`; a plain name owns only itself. */
function matches(owned: string, cls: string): boolean {
  return owned.endsWith('-*') ? cls.startsWith(owned.slice(0, -1)) : cls === owned
}

function overlaps(a: string, b: string): boolean {
  if (a.endsWith('-*') && b.endsWith('-*'))
    return a.startsWith(b.slice(0, -1)) || b.startsWith(a.slice(0, -1))
  if (a.endsWith('-*')) return matches(a, b)
  if (b.endsWith('-*')) return matches(b, a)
  return a === b
}

function ownedBy(css: string): string[] {
  const m = /\/\*\s*owns:([\s\S]*?)\*\//.exec(css)
  return m ? m[1]!.trim().split(/\s+/).filter(Boolean) : []
}

/** The selectors of every style rule (inside @media and @supports too; not @keyframes steps). */
function selectors(css: string): string[] {
  const text = css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/@keyframes[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}/g, '')
  const out: string[] = []
  for (const m of text.matchAll(/([^{};]+)\{/g)) {
    const prelude = m[1]!.trim()
    if (prelude.startsWith('@')) continue
    // Split on top-level commas only (`:is(.a, .b)` stays whole).
    let depth = 0
    let start = 0
    for (let i = 0; i < prelude.length; i++) {
      const c = prelude[i]
      if (c === '(') depth++
      else if (c === ')') depth--
      else if (c === ',' && depth === 0) {
        out.push(prelude.slice(start, i).trim())
        start = i + 1
      }
    }
    out.push(prelude.slice(start).trim())
  }
  return out
}

function classesIn(selector: string): string[] {
  return [...selector.replace(/\[[^\]]*\]/g, '').matchAll(/\.(-?[A-Za-z_][\w-]*)/g)].map(
    (m) => m[1]!,
  )
}

/** Everything wrong with a set of stylesheets; empty when none can reach another's elements. */
export function styleProblems(sheets: Sheet[]): string[] {
  const problems: string[] = []
  const declared = sheets.map((s) => ({ ...s, owns: ownedBy(s.css) }))
  for (let i = 0; i < declared.length; i++) {
    const a = declared[i]!
    if (a.path !== globalSheet && a.owns.length === 0) problems.push(`${a.path}: no owns: comment`)
    for (const b of declared.slice(i + 1)) {
      for (const x of a.owns) {
        for (const y of b.owns) {
          if (overlaps(x, y)) problems.push(`${a.path} owns ${x} and ${b.path} owns ${y}`)
        }
      }
    }
    for (const selector of selectors(a.css)) {
      const classes = classesIn(selector)
      if (classes.length === 0) {
        if (a.path !== globalSheet) problems.push(`${a.path}: "${selector}" styles bare elements`)
        continue
      }
      if (a.path === globalSheet) continue
      if (!classes.some((c) => a.owns.some((o) => matches(o, c)))) {
        problems.push(`${a.path}: "${selector}" names no class this stylesheet owns`)
      }
    }
  }
  return problems
}

function renderSheets(dir = root): Sheet[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return renderSheets(path)
    if (!e.name.endsWith('.css')) return []
    return [{ path: relative(root, path), css: readFileSync(path, 'utf8') }]
  })
}

describe('renderer stylesheets cannot collide', () => {
  it('every stylesheet owns its classes and styles only through them', () => {
    const sheets = renderSheets()
    expect(sheets.length).toBeGreaterThan(10)
    expect(styleProblems(sheets)).toEqual([])
  })

  it('fires when a second stylesheet restyles a shared primitive (the red-on-red Run button)', () => {
    const problems = styleProblems([
      { path: 'ui/primitives.css', css: '/* owns: inc-btn */ .inc-btn { color: red }' },
      {
        path: 'features/targets/targets.css',
        css: '/* owns: target-* */ .target-row { gap: 2px }\n.inc-btn.danger { color: red }',
      },
    ])
    expect(problems).toEqual([
      'features/targets/targets.css: ".inc-btn.danger" names no class this stylesheet owns',
    ])
  })

  it('fires when two stylesheets claim the same names', () => {
    expect(
      styleProblems([
        {
          path: 'features/incident-header/header.css',
          css: '/* owns: incident-header brand */ .brand {}',
        },
        {
          path: 'features/incidents/incidents.css',
          css: '/* owns: incident-* */ .incident-title {}',
        },
      ]),
    ).toEqual([
      'features/incident-header/header.css owns incident-header and features/incidents/incidents.css owns incident-*',
    ])
  })

  it('fires on bare element selectors outside the tokens sheet and on a missing declaration', () => {
    expect(
      styleProblems([
        {
          path: 'features/grid/grid.css',
          css: '/* owns: pane-* */ @media (width > 1px) { button { x: y } }',
        },
        { path: 'features/replay/replay.css', css: '.replay-row {}' },
      ]),
    ).toEqual([
      'features/grid/grid.css: "button" styles bare elements',
      'features/replay/replay.css: no owns: comment',
      'features/replay/replay.css: ".replay-row" names no class this stylesheet owns',
    ])
  })

  it('accepts a rule anchored in its own class around a shared primitive', () => {
    expect(
      styleProblems([
        { path: 'ui/primitives.css', css: '/* owns: inc-btn */ .inc-btn {}' },
        {
          path: 'features/checklist/checklist.css',
          css: '/* owns: rb-* */ .rb-confirm .inc-btn.rb-confirm-run:disabled { color: grey }',
        },
      ]),
    ).toEqual([])
  })
})
