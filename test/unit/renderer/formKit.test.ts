// The form kit (ui/fields.tsx, ui/menuKeys.ts): every field is labelled and describes its hint
// and error, a secret is a password input that is never autofilled, and the menu keys move
// the way the WAI-ARIA menu button pattern says.
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { SecretField, SelectField, TextField } from '../../../src/renderer/src/ui/fields'
import { menuFocusTarget } from '../../../src/renderer/src/ui/menuKeys'

function attr(html: string, tag: string, name: string): string | null {
  const el = new RegExp(`<${tag}\\b[^>]*>`).exec(html)?.[0] ?? ''
  return new RegExp(`\\b${name}="([^"]*)"`, 'i').exec(el)?.[1] ?? null
}

describe('form kit', () => {
  it('labels the control with <label for> and links the hint', () => {
    const html = renderToStaticMarkup(
      createElement(TextField, {
        label: 'Host',
        hint: 'name or address',
        value: '',
        testId: 'h',
        onChange: () => {},
      }),
    )
    const id = attr(html, 'input', 'id')
    expect(id).toBeTruthy()
    expect(attr(html, 'label', 'for')).toBe(id)
    const described = attr(html, 'input', 'aria-describedby')!
    expect(html).toContain(`<span id="${described}" class="hint">name or address</span>`)
    expect(attr(html, 'input', 'aria-invalid')).toBeNull()
    expect(attr(html, 'input', 'data-testid')).toBe('h')
  })

  it('marks an error invalid, says it, and describes the control with hint and error', () => {
    const html = renderToStaticMarkup(
      createElement(TextField, {
        label: 'Port',
        hint: '1-65535',
        error: new Error('not a port'),
        value: 'x',
        onChange: () => {},
      }),
    )
    expect(attr(html, 'input', 'aria-invalid')).toBe('true')
    const [hintId, errorId] = attr(html, 'input', 'aria-describedby')!.split(' ')
    expect(html).toContain(`id="${hintId}" class="hint"`)
    expect(html).toMatch(
      new RegExp(`<p id="${errorId}" class="inline-error" role="alert"[^>]*>[^<]*not a port</p>`),
    )
  })

  it('renders a textarea when multiline and keeps the layout class', () => {
    const html = renderToStaticMarkup(
      createElement(TextField, {
        label: 'Description',
        multiline: true,
        className: 'wide',
        value: '',
        onChange: () => {},
      }),
    )
    expect(html.startsWith('<div class="field wide">')).toBe(true)
    expect(attr(html, 'label', 'for')).toBe(attr(html, 'textarea', 'id'))
  })

  it('a select lists its options under its label', () => {
    const html = renderToStaticMarkup(
      createElement(SelectField, {
        label: 'Auth',
        value: 'key',
        onChange: () => {},
        options: [
          { value: 'agent', label: 'Agent' },
          { value: 'key', label: 'Key file' },
        ],
      }),
    )
    expect(attr(html, 'label', 'for')).toBe(attr(html, 'select', 'id'))
    expect(html).toContain('<option value="key" selected="">Key file</option>')
  })

  it('a secret is a password field, not autofilled, holding only what is typed now', () => {
    const html = renderToStaticMarkup(
      createElement(SecretField, { label: 'Password', value: '', onChange: () => {} }),
    )
    expect(attr(html, 'input', 'type')).toBe('password')
    expect(attr(html, 'input', 'autocomplete')).toBe('new-password')
    expect(attr(html, 'input', 'value')).toBe('')
  })

  it('a hidden label is still the label, only not shown', () => {
    const html = renderToStaticMarkup(
      createElement(TextField, {
        label: 'Patterns',
        labelHidden: true,
        frame: 'export-patterns-field',
        value: '',
        onChange: () => {},
      }),
    )
    expect(html.startsWith('<div class="export-patterns-field">')).toBe(true)
    expect(html).toMatch(/<label for="[^"]+" class="visually-hidden">Patterns<\/label>/)
    expect(attr(html, 'label', 'for')).toBe(attr(html, 'input', 'id'))
  })

  it('a form with its own look keeps its frame, label and control classes', () => {
    const html = renderToStaticMarkup(
      createElement(TextField, {
        label: 'Your name',
        frame: 'rb-param',
        labelClassName: 'rb-param-name',
        controlClassName: 'rb-by',
        value: '',
        onChange: () => {},
      }),
    )
    expect(html.startsWith('<div class="rb-param"><label for=')).toBe(true)
    expect(attr(html, 'label', 'class')).toBe('rb-param-name')
    expect(attr(html, 'input', 'class')).toBe('rb-by')
  })

  it('menu keys wrap, jump to the ends and ignore other keys', () => {
    expect(menuFocusTarget('ArrowDown', -1, 3)).toBe(0)
    expect(menuFocusTarget('ArrowDown', 2, 3)).toBe(0)
    expect(menuFocusTarget('ArrowUp', 0, 3)).toBe(2)
    expect(menuFocusTarget('ArrowUp', -1, 3)).toBe(2)
    expect(menuFocusTarget('Home', 2, 3)).toBe(0)
    expect(menuFocusTarget('End', 0, 3)).toBe(2)
    expect(menuFocusTarget('a', 0, 3)).toBeNull()
    expect(menuFocusTarget('ArrowDown', -1, 0)).toBeNull()
  })
})
