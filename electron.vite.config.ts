import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { defineConfig, externalizeDepsPlugin } from 'electron-vite'
import type { Plugin } from 'vite'
import react from '@vitejs/plugin-react'

const require = createRequire(import.meta.url)

/**
 * The bash grammar (tree-sitter-bash's WASM build) is copied beside the main bundle
 * (out/main/tree-sitter-bash.wasm) so that tree-sitter-bash stays a build-time dependency: as a
 * runtime one, electron-builder would find its binding.gyp, have no Node-API prebuild it knows
 * the name of, and compile a native binding nobody loads (failing on a laptop without a C
 * toolchain). shell/parser.ts looks there first.
 */
function shipBashGrammar(): Plugin {
  return {
    name: 'sitrep-ship-bash-grammar',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'tree-sitter-bash.wasm',
        source: readFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm')),
      })
    },
  }
}

/**
 * index.html names only the tiny entry (main.tsx), which opens the bridge socket and then imports
 * the app's code (render.tsx, its own chunk). A modulepreload of that chunk and its stylesheet in
 * index.html has the browser fetch and compile them while the entry loads and runs, instead of
 * only once its import() is reached (issue #20: first paint).
 */
function preloadAppCode(): Plugin {
  return {
    name: 'sitrep-preload-app-code',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const app = Object.values(ctx.bundle ?? {}).find(
          (c) => c.type === 'chunk' && c.moduleIds.some((id) => id.endsWith('/src/render.tsx')),
        )
        if (!app || app.type !== 'chunk') return []
        const css = [...(app.viteMetadata?.importedCss ?? [])]
        return [
          ...css.map((f) => ({
            tag: 'link',
            attrs: { rel: 'stylesheet', crossorigin: true, href: `./${f}` },
            injectTo: 'head' as const,
          })),
          {
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `./${app.fileName}` },
            injectTo: 'head' as const,
          },
        ]
      },
    },
  }
}

// One build produces both shells of the same core: out/main/index.js (Electron) and
// out/main/headless.js (plain Node, `npm run serve`), plus the sandboxed preload and the renderer.
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin(), shipBashGrammar()],
    build: {
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          headless: resolve('src/main/headless.ts'),
        },
      },
    },
  },
  preload: {
    // Sandboxed preloads cannot require() npm packages: bundle everything they use.
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    plugins: [react(), preloadAppCode()],
    resolve: { alias: { '@shared': resolve('src/shared') } },
    // electron-vite leaves the renderer unminified by default: the first screen parsed 2 MB of
    // readable JavaScript (issue #20). Minified it is less than half; names that matter are set
    // explicitly (ApiError's this.name).
    build: { sourcemap: false, minify: true },
  },
})
