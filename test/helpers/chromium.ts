// How the end-to-end tests and the benchmarks start Debian's Chromium: no sandbox and no GPU
// (a container; WebGL runs on SwiftShader), nothing that talks to the network by itself, and the
// Chromium features the Electron shell turns off (chromiumFeatures.ts), so the browser runs the
// renderer as the shell does.
import { DISABLED_CHROMIUM_FEATURES } from '../../src/main/electron/chromiumFeatures'

export const CHROMIUM_PATH = '/usr/bin/chromium'

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  `--disable-features=${DISABLED_CHROMIUM_FEATURES.join(',')}`,
]
