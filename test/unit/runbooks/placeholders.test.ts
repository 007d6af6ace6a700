// Placeholders become parameters; filling them quotes values for where they land.
import { describe, expect, it } from 'vitest'
import {
  fillPlaceholders,
  findPlaceholders,
  InvalidChoiceError,
  MissingParametersError,
  shellQuote,
  type Parameter,
} from '../../../src/main/core/runbooks'
import { parametersOf } from '../../../src/main/core/runbooks/placeholders'

const names = (code: string, declared: string[] = []): string[] =>
  findPlaceholders(code, declared).map((o) => `${o.syntax}:${o.name}`)

describe('findPlaceholders', () => {
  it('finds each syntax', () => {
    expect(
      names('kubectl -n {{namespace}} logs [POD_NAME] && docker logs <container_id> ${NS}', ['NS']),
    ).toEqual(['mustache:namespace', 'square:POD_NAME', 'angle:container_id', 'dollar:NS'])
  })

  it('leaves shell syntax alone: tests, arrays, regex classes, heredocs, redirections', () => {
    const code = [
      'if [ $x -eq 1 ]; then echo; fi',
      '[[ -f /etc/x ]] && echo',
      'for s in "${services[@]}"; do echo ${arr[IDX]}; done',
      'grep -E "[A-Z]+" log; grep "\\[ERROR\\]" log; grep "[[:upper:]]" x',
      'cat <<EOF > out',
      'sort < in > out',
      'echo ${HOME} $PATH',
    ].join('\n')
    expect(names(code)).toEqual([])
  })

  it('treats placeholders inside quotes as placeholders, [A|B|C] as a choice', () => {
    const occ = findPlaceholders('x --severity=[CRITICAL|HIGH] --desc="[brief description]"', [])
    expect(occ.map((o) => [o.syntax, o.name, o.options])).toEqual([
      ['choice', 'SEVERITY', ['CRITICAL', 'HIGH']],
      ['flag', 'brief description', undefined],
    ])
    expect(names('echo "[SERVICE_NAME]" \'<db_host>\'')).toEqual([
      'square:SERVICE_NAME',
      'angle:db_host',
    ])
  })

  it('lists each parameter once, at the file line of its first use', () => {
    expect(parametersOf('a <id>\nb [X_Y]\nc <id>', 10, [])).toEqual([
      { name: 'id', syntax: 'angle', line: 10 },
      { name: 'X_Y', syntax: 'square', line: 11 },
    ])
  })
})

describe('fillPlaceholders', () => {
  const shell = (code: string, declared: string[] = []) => ({
    code,
    kind: 'shell' as const,
    parameters: parametersOf(code, 1, declared),
  })

  it('substitutes safe values as they are and quotes the rest for their context', () => {
    const cmd = shell('docker logs <container_id> && echo "[MSG]" && echo \'{{who}}\' && x [MSG]')
    expect(fillPlaceholders(cmd, { container_id: 'abc123', MSG: 'a "b" $c', who: "o'k" })).toBe(
      "docker logs abc123 && echo \"a \\\"b\\\" \\$c\" && echo 'o'\\''k' && x 'a \"b\" $c'",
    )
  })

  it('refuses missing values, naming every one', () => {
    const cmd = shell('kubectl -n {{ns}} delete pod [POD_NAME]')
    expect(() => fillPlaceholders(cmd, { ns: 'a' })).toThrow(MissingParametersError)
    expect(() => fillPlaceholders(cmd, {})).toThrow(/ns, POD_NAME/)
  })

  it('checks choices against their options', () => {
    const cmd = shell('incident.sh --severity=[CRITICAL|HIGH]')
    expect(fillPlaceholders(cmd, { SEVERITY: 'HIGH' })).toBe('incident.sh --severity=HIGH')
    expect(() => fillPlaceholders(cmd, { SEVERITY: 'LOW' })).toThrow(InvalidChoiceError)
  })

  it('fills ${VAR} only when declared; SQL values become literals (issue 15: never raw text)', () => {
    expect(fillPlaceholders(shell('echo ${NS} ${HOME}', ['NS']), { NS: 'prod ns' })).toBe(
      "echo 'prod ns' ${HOME}",
    )
    const sql = 'SELECT * FROM t WHERE name = [NAME_LITERAL]'
    const params: Parameter[] = parametersOf(sql, 1, [], 'sql')
    expect(
      fillPlaceholders({ code: sql, kind: 'sql', parameters: params }, { NAME_LITERAL: "'a b'" }),
    ).toBe("SELECT * FROM t WHERE name = '''a b'''")
  })

  it('shellQuote leaves safe text alone', () => {
    expect(shellQuote('db-1.example.com:5432/x@y', 'none')).toBe('db-1.example.com:5432/x@y')
    expect(shellQuote('', 'none')).toBe("''")
  })
})
