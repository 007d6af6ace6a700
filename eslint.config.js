// Lint rules, including the import boundaries of docs/architecture.md: code is placed by the
// environment it needs (shared / core / electron shell / preload / renderer) and stays there,
// and renderer features stand alone.
import { existsSync, readdirSync } from 'node:fs'
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// Every folder of src/main/core with a facade (domain.ts) is a domain: the layering rules below
// cover a new domain the moment it has one, without a list to keep up to date. The rest are the
// foundations (store, secrets, targets) and the seams (rpc, bridge).
const CORE = 'src/main/core'
const FOUNDATIONS = ['store', 'secrets', 'targets']
const SEAMS = ['rpc', 'bridge']
const domains = readdirSync(CORE, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`${CORE}/${d.name}/domain.ts`))
  .map((d) => d.name)
const unplaced = readdirSync(CORE, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .filter((n) => !domains.includes(n) && !FOUNDATIONS.includes(n) && !SEAMS.includes(n))
if (unplaced.length > 0) {
  throw new Error(
    `src/main/core/${unplaced.join(', ')}: give it a facade (domain.ts) or name it a foundation or seam in eslint.config.js`,
  )
}
const domainAlternation = domains.join('|')

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'net',
  'http',
  'url',
  'util',
]
const nativeAndServer = ['better-sqlite3', 'ssh2', 'node-pty', 'pg', 'redis', '@aws-sdk/*', 'ws']

const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
})

// Core's boundaries, shared by every core rule below.
const coreBase = [
  {
    group: ['electron', 'electron/*'],
    message: 'Core never imports electron: keep it testable in plain Node.',
  },
  {
    group: ['**/renderer/**', '**/preload/**', '**/main/electron/**'],
    message: 'Core imports only shared and Node libraries.',
  },
]

// The renderer's own boundaries, shared by every renderer rule below (a later config object
// replaces the rule's options for its files instead of adding to them).
const rendererBase = [
  { group: nodeBuiltins, message: 'The renderer runs in a browser: no Node APIs.' },
  {
    group: ['electron', 'electron/*', ...nativeAndServer],
    message: 'The renderer talks to main only through the contract (api.ts).',
  },
  {
    group: ['**/main/**', '**/preload/**'],
    message: 'The renderer never imports core: use api.ts.',
  },
]
const standAlone =
  'A renderer feature imports only ui/, stores/, api, i18n, shared and itself; features are composed in App.tsx and the incident header.'

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict([
      { group: nodeBuiltins, message: 'src/shared runs everywhere: no Node APIs.' },
      {
        group: ['electron', 'react', 'react-dom', ...nativeAndServer],
        message: 'src/shared imports nothing environment-specific.',
      },
      {
        group: ['**/main/**', '**/renderer/**', '**/preload/**'],
        message: 'src/shared imports only itself.',
      },
    ]),
  },
  {
    files: ['src/main/core/**/*.ts'],
    rules: restrict(coreBase),
  },
  {
    // The foundations (the database, secrets, saved targets) know no domain.
    files: [`src/main/core/{${FOUNDATIONS.join(',')}}/**/*.ts`],
    rules: restrict([
      ...coreBase,
      {
        regex: `^\\.\\./(${domainAlternation}|rpc|bridge)(/|$)|^\\.\\./core$`,
        message: 'store/, secrets/ and targets/ import no domain, rpc, bridge or core.ts.',
      },
    ]),
  },
  {
    // Domains are called by rpc/ and wired by core.ts; they never reach back up, and reach each
    // other only through the other domain's facade (<domain>/domain.ts), which says what it
    // offers. A domain's own files import each other with ./ and never match.
    files: [`src/main/core/{${domains.join(',')}}/**/*.ts`],
    rules: restrict([
      ...coreBase,
      {
        regex: '^(\\.\\./)+(rpc|bridge)(/|$)|^(\\.\\./)+core$',
        message: 'A domain never imports rpc/, bridge/ or core.ts: take what it needs as options.',
      },
      {
        regex: `^(\\.\\./)+(${domainAlternation})/(?!domain$)`,
        message:
          "A domain imports another domain only through its facade ('../<domain>/domain'); export what you need from there.",
      },
    ]),
  },
  {
    files: ['src/main/electron/**/*.ts', 'src/main/index.ts', 'src/main/headless.ts'],
    rules: restrict([
      { group: ['**/renderer/**'], message: 'The shell never imports the renderer.' },
    ]),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict([
      { group: nodeBuiltins, message: 'The sandboxed preload has no Node APIs.' },
      {
        group: ['**/main/**', '**/renderer/**', ...nativeAndServer],
        message: 'The preload imports only shared and electron.',
      },
    ]),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(rendererBase),
    },
  },
  {
    // Features stand alone: a file directly in features/<name>/ may not reach a sibling feature
    // (../<other>/…), one level deeper not either (../../<other>/…); nor may anything name
    // features/ from above. The header composes features, as App.tsx does.
    files: ['src/renderer/src/features/*/*.{ts,tsx}'],
    ignores: ['src/renderer/src/features/incident-header/**'],
    rules: restrict([
      ...rendererBase,
      { regex: '^\\.\\./(?!\\.\\.)', message: standAlone },
      { regex: '(^|/)features/', message: standAlone },
    ]),
  },
  {
    files: ['src/renderer/src/features/*/*/**/*.{ts,tsx}'],
    ignores: ['src/renderer/src/features/incident-header/**'],
    rules: restrict([
      ...rendererBase,
      { regex: '^\\.\\./\\.\\./(?!\\.\\.)', message: standAlone },
      { regex: '(^|/)features/', message: standAlone },
    ]),
  },
  {
    // Shared pieces and stores are below every feature: they never import one.
    files: ['src/renderer/src/ui/**/*.{ts,tsx}', 'src/renderer/src/stores/**/*.ts'],
    rules: restrict([
      ...rendererBase,
      { regex: '(^|/)features/', message: 'ui/ and stores/ never import a feature.' },
    ]),
  },
  {
    // Playwright fixtures must destructure their (empty) dependencies.
    files: ['test/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
)
