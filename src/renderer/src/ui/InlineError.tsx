// An action's failure, shown where the responder acted: main's message says what to do.
import { useT } from '../i18n/useT'
import { describeError, errorText } from './errorDetail'

export function InlineError({
  error,
  testId,
}: {
  error: unknown
  testId?: string
}): React.JSX.Element | null {
  const t = useT()
  if (error === null || error === undefined) return null
  return (
    <p className="inline-error" role="alert" data-testid={testId ?? 'inline-error'}>
      {errorText(t, describeError(error))}
    </p>
  )
}
