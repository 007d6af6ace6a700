// Which files of a picked folder are runbooks: .md, .markdown and .txt files at any depth,
// hidden files and folders (.git, .github) and node_modules skipped, in path order so an import
// reads the same way every time.
import { readdirSync } from 'node:fs'
import { extname, join } from 'node:path'
import { InvalidParamsError, NotFoundError } from '../errors'

export const RUNBOOK_EXTENSIONS: ReadonlySet<string> = new Set(['.md', '.markdown', '.txt'])

/** More files than this means the wrong folder was picked (a home folder, a whole drive). */
export const MAX_FOLDER_FILES = 5000

export interface RunbookFile {
  /** Path to read. */
  path: string
  /** Path inside the picked folder, `/`-separated. */
  relative: string
}

export function listRunbookFiles(dir: string): RunbookFile[] {
  const out: RunbookFile[] = []
  const visit = (abs: string, rel: string): void => {
    let entries
    try {
      entries = readdirSync(abs, { withFileTypes: true })
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (rel !== '') return // a sub-folder we may not read is skipped, not fatal
      if (code === 'ENOENT') throw new NotFoundError(`The folder ${dir}`)
      if (code === 'ENOTDIR') {
        throw new InvalidParamsError(`${dir} is a file, not a folder: import it as a file instead.`)
      }
      throw new InvalidParamsError(`The folder ${dir} could not be read (${code ?? String(err)}).`)
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`
      // Symbolic links to folders are not followed: a link back up would never end.
      if (e.isDirectory()) visit(join(abs, e.name), childRel)
      else if (e.isFile() && RUNBOOK_EXTENSIONS.has(extname(e.name).toLowerCase())) {
        out.push({ path: join(abs, e.name), relative: childRel })
        if (out.length > MAX_FOLDER_FILES) {
          throw new InvalidParamsError(
            `${dir} holds more than ${MAX_FOLDER_FILES} Markdown or text files; pick the folder of your runbooks.`,
          )
        }
      }
    }
  }
  visit(dir, '')
  return out
}
