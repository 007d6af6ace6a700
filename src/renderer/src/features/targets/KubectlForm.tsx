// Adding a kubectl context: read the kubeconfig (the default one, or a path), pick a context,
// optionally a namespace. Only the path and the names are saved; the credentials stay in the
// kubeconfig, which kubectl reads itself.
import { useState } from 'react'
import type { KubeContext } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useAction } from '../../ui/useAction'
import { InlineError } from '../../ui/InlineError'
import { SelectField, TextField } from '../../ui/fields'

const splitTags = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)

export function KubectlForm({ onDone }: { onDone(): void }): React.JSX.Element {
  const t = useT()
  const [name, setName] = useState('')
  const [path, setPath] = useState('')
  const [contexts, setContexts] = useState<KubeContext[]>([])
  const [context, setContext] = useState('')
  const [namespace, setNamespace] = useState('')
  const [tags, setTags] = useState('')

  const read = useAction(async () => {
    const view = await api.call('targets.kubeContexts', path.trim() ? { kubeconfigPath: path } : {})
    setContexts(view.contexts)
    const pick = view.contexts.find((c) => c.name === view.currentContext) ?? view.contexts[0]
    if (pick) {
      setContext(pick.name)
      if (!name) setName(pick.name)
    }
  })
  const save = useAction(async () => {
    await api.call('targets.saveKubectl', {
      name,
      kubeconfigPath: path.trim() ? path.trim() : null,
      context,
      namespace: namespace.trim() ? namespace.trim() : null,
      tags: splitTags(tags),
    })
    onDone()
  })

  return (
    <form
      className="target-form"
      data-testid="kubectl-form"
      onSubmit={(e) => {
        e.preventDefault()
        void save.run()
      }}
    >
      <h3 className="wide">{t('services.form.kubectl')}</h3>
      <div className="field wide">
        {t('services.form.kubeconfig')}
        <div className="inline-row">
          <input
            data-testid="kubectl-kubeconfig"
            className="mono"
            value={path}
            placeholder={t('services.form.kubeconfig.placeholder')}
            onChange={(e) => setPath(e.target.value)}
          />
          <button
            type="button"
            className="inc-btn"
            data-testid="kubectl-read-contexts"
            disabled={read.busy}
            onClick={() => void read.run()}
          >
            {t('services.form.readContexts')}
          </button>
        </div>
        <InlineError error={read.error} testId="kubectl-read-error" />
      </div>
      <SelectField
        label={t('services.form.context')}
        testId="kubectl-context"
        value={context}
        disabled={contexts.length === 0}
        onChange={(e) => setContext(e.target.value)}
      >
        {contexts.length === 0 ? <option value="">{t('services.form.context.pick')}</option> : null}
        {contexts.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name}
            {c.namespace ? ` (${c.namespace})` : ''}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t('services.form.namespace')}
        testId="kubectl-namespace"
        value={namespace}
        placeholder={t('services.form.namespace.placeholder')}
        onChange={(e) => setNamespace(e.target.value)}
      />
      <TextField
        label={t('services.form.name')}
        testId="kubectl-name"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <TextField
        label={t('services.form.tags')}
        testId="kubectl-tags"
        value={tags}
        placeholder={t('services.form.tags.placeholder')}
        onChange={(e) => setTags(e.target.value)}
      />
      <InlineError error={save.error} testId="kubectl-form-error" />
      <div className="form-actions wide">
        <button type="button" className="inc-btn" onClick={onDone}>
          {t('services.cancel')}
        </button>
        <button
          type="submit"
          className="inc-btn primary"
          data-testid="kubectl-save"
          disabled={save.busy || !context}
        >
          {save.busy ? t('services.form.saving') : t('services.form.save')}
        </button>
      </div>
    </form>
  )
}
