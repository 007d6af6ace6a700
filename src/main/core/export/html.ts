// The postmortem as one self-contained HTML file: inline CSS, metric charts as inline SVG, no
// script, no external reference of any kind (a strict CSP meta tag says so to the browser too),
// laid out to print to PDF.
import type { Block, Doc } from './postmortemDoc'
import { chartSvg, seriesOf, type Marker } from './svgChart'
import type { MetricSample } from './exportData'

export const esc = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')

const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.5 system-ui, "Hiragino Sans", "Noto Sans CJK JP", "Yu Gothic", sans-serif;
  color: #1b1f24; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #c62828; padding-bottom: .3rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f4f6; }
td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.pinned td { background: #fff4ce; font-weight: 600; }
tr.pinned td:first-child::before { content: "📌 "; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
.text { white-space: pre-wrap; }
.empty { color: #6e7781; }
figure.chart { margin: .5rem 0; break-inside: avoid; }
svg .frame { fill: none; stroke: #d0d7de; }
svg .line { fill: none; stroke: #1565c0; stroke-width: 1.5; }
svg .mark { stroke: #c62828; stroke-dasharray: 3 3; }
svg .title { font-size: 12px; fill: #1b1f24; }
svg .axis { font-size: 10px; fill: #6e7781; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
`

export interface ChartInput {
  samples: MetricSample[]
  markers: Marker[]
  window: { from: number; to: number }
}

function blockHtml(b: Block, charts: ChartInput | null): string {
  switch (b.type) {
    case 'kv':
      return `<dl>${b.rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`
    case 'table': {
      if (!b.rows.length) return '<p class="empty">—</p>'
      const head = `<tr>${b.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`
      const rows = b.rows
        .map(
          (r) =>
            `<tr${r.highlight ? ' class="pinned"' : ''}>${r.cells
              .map((c, i) => `<td${i === 0 ? ' class="time"' : ''}>${esc(c)}</td>`)
              .join('')}</tr>`,
        )
        .join('\n')
      return `<table><thead>${head}</thead><tbody>\n${rows}\n</tbody></table>`
    }
    case 'text':
      return b.text.trim()
        ? `<div class="text">${esc(b.text.trim())}</div>`
        : '<p class="empty">—</p>'
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul'
      return `<${tag}>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</${tag}>`
    }
    case 'subheading':
      return `<h3>${esc(b.text)}</h3>`
    case 'charts': {
      if (!charts || charts.samples.length === 0) return ''
      return [...seriesOf(charts.samples)]
        .slice(0, 12)
        .map(([name, points]) => chartSvg(name, points, charts.markers, charts.window))
        .join('\n')
    }
  }
}

export function* htmlParts(
  doc: Doc,
  charts: ChartInput | null,
  chartsTitle: string,
): Generator<string> {
  yield `<!DOCTYPE html>
<html lang="${doc.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${esc(doc.title)}</h1>
`
  for (const s of doc.sections) {
    const blocks = s.blocks.map((b) => {
      const html = blockHtml(b, charts)
      return b.type === 'charts' && html ? `<h3>${esc(chartsTitle)}</h3>\n${html}` : html
    })
    yield `<section id="${s.id}">\n<h2>${esc(s.title)}</h2>\n${blocks.filter(Boolean).join('\n')}\n</section>\n`
  }
  yield '</body>\n</html>\n'
}
