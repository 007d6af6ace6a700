// The form kit: one labelled field each, so every form in the app is accessible by
// construction. The label is a real <label htmlFor>, the hint and the error are linked to the
// control with aria-describedby, and a field with an error is aria-invalid. The wrapper keeps
// the `.field` frame of ui/primitives.css (or the form's own, `frame`); `className` adds a
// layout class (`wide`).
import { useId, type ReactNode } from 'react'
import { useT } from '../i18n/useT'
import { describeError, errorText } from './errorDetail'

interface FieldFrame {
  /** What the field is called, shown above the control and read as its name. */
  label: ReactNode
  /** A quiet line under the control (format, example). */
  hint?: ReactNode
  /** A failure about this field: an Error, a typed core error, a message key detail. */
  error?: unknown
  /** Layout classes of the surrounding form, added to the frame class (`wide`). */
  className?: string
  /** The wrapper's look: `field` (ui/primitives.css) unless a form has its own
   *  (`metric-form-field`). The labelling is the same either way. */
  frame?: string
  /** Class of the label, for a form whose label has its own look (`rb-param-name`). */
  labelClassName?: string
  /** The label is read, not shown: the form shows its caption elsewhere (a summary). */
  labelHidden?: boolean
  /** Class of the control itself (`rules-minutes`). */
  controlClassName?: string
  /** data-testid of the control itself (the tests drive controls, not wrappers). */
  testId?: string
  /** data-testid of the error line. */
  errorTestId?: string
}

interface FrameIds {
  id: string
  describedBy: string | undefined
  invalid: true | undefined
}

function Frame({
  frame,
  ids,
  hintId,
  errorId,
  children,
}: {
  frame: FieldFrame
  ids: FrameIds
  hintId: string
  errorId: string
  children: ReactNode
}): React.JSX.Element {
  const t = useT()
  const hasError = frame.error !== null && frame.error !== undefined
  return (
    <div className={[frame.frame ?? 'field', frame.className].filter(Boolean).join(' ')}>
      <label
        htmlFor={ids.id}
        className={frame.labelHidden ? 'visually-hidden' : frame.labelClassName}
      >
        {frame.label}
      </label>
      {children}
      {frame.hint ? (
        <span id={hintId} className="hint">
          {frame.hint}
        </span>
      ) : null}
      {hasError ? (
        <p
          id={errorId}
          className="inline-error"
          role="alert"
          data-testid={frame.errorTestId ?? 'inline-error'}
        >
          {errorText(t, describeError(frame.error))}
        </p>
      ) : null}
    </div>
  )
}

/** The ids one field needs: its control, and what describes it (hint, then error). */
function useFieldIds(
  frame: FieldFrame,
  ownId?: string,
): FrameIds & { hintId: string; errorId: string } {
  const base = useId()
  const id = ownId ?? `${base}-control`
  const hintId = `${base}-hint`
  const errorId = `${base}-error`
  const hasError = frame.error !== null && frame.error !== undefined
  const described = [frame.hint ? hintId : null, hasError ? errorId : null].filter(Boolean)
  return {
    id,
    hintId,
    errorId,
    describedBy: described.length > 0 ? described.join(' ') : undefined,
    invalid: hasError ? true : undefined,
  }
}

type InputProps = Omit<React.InputHTMLAttributes<HTMLInputElement>, 'id' | 'children'>
type TextAreaProps = Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'children'>

/** One line of text (or, with `multiline`, a textarea). Every input attribute passes through. */
export function TextField(
  props: FieldFrame & { id?: string } & (
      ({ multiline?: false } & InputProps) | ({ multiline: true } & TextAreaProps)
    ),
): React.JSX.Element {
  const {
    label,
    hint,
    error,
    className,
    frame: look,
    labelHidden,
    labelClassName,
    controlClassName,
    testId,
    errorTestId,
    id: ownId,
    ...control
  } = props
  const frame = {
    label,
    hint,
    error,
    className,
    frame: look,
    labelHidden,
    labelClassName,
    testId,
    errorTestId,
  }
  const ids = useFieldIds(frame, ownId)
  const common = {
    id: ids.id,
    className: controlClassName,
    'data-testid': testId,
    'aria-describedby': ids.describedBy,
    'aria-invalid': ids.invalid,
  }
  let input: React.JSX.Element
  if (control.multiline) {
    const { multiline: _multiline, ...rest } = control
    input = <textarea {...rest} {...common} />
  } else {
    const { multiline: _multiline, ...rest } = control
    input = <input {...rest} {...common} />
  }
  return (
    <Frame frame={frame} ids={ids} hintId={ids.hintId} errorId={ids.errorId}>
      {input}
    </Frame>
  )
}

/** A choice among `options` (value and shown text); or pass <option> children yourself. */
export function SelectField({
  label,
  hint,
  error,
  className,
  frame: look,
  labelHidden,
  labelClassName,
  controlClassName,
  testId,
  errorTestId,
  id: ownId,
  options,
  children,
  ...select
}: FieldFrame & {
  id?: string
  options?: readonly { value: string; label: ReactNode }[]
  children?: ReactNode
} & Omit<React.SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'children'>): React.JSX.Element {
  const frame = {
    label,
    hint,
    error,
    className,
    frame: look,
    labelHidden,
    labelClassName,
    testId,
    errorTestId,
  }
  const ids = useFieldIds(frame, ownId)
  return (
    <Frame frame={frame} ids={ids} hintId={ids.hintId} errorId={ids.errorId}>
      <select
        {...select}
        id={ids.id}
        className={controlClassName}
        data-testid={testId}
        aria-describedby={ids.describedBy}
        aria-invalid={ids.invalid}
      >
        {options?.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {children}
      </select>
    </Frame>
  )
}

/**
 * A password or key passphrase. It holds only what the responder is typing now: the form
 * clears `value` once the secret is saved (the core keeps it in the OS keychain and never
 * sends it back), so a stored secret is never in the DOM. Never autofilled.
 */
export function SecretField(
  props: FieldFrame & { id?: string; value: string } & Omit<InputProps, 'type' | 'value'>,
): React.JSX.Element {
  return <TextField {...props} type="password" autoComplete="new-password" spellCheck={false} />
}
