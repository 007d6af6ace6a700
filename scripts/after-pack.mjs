// electron-builder afterPack hook (electron-builder.yml): runs on the packed app folder before
// macOS signing and before the installers are made. node-pty's spawn-helper is copied into
// app.asar.unpacked with the mode it was published with (644 in node-pty 1.1.0, issue 850);
// without the exec bit every local shell pane fails on macOS.
import { fixSpawnHelpers } from './spawn-helper.mjs'

/** @param {{ appOutDir: string }} context electron-builder's AfterPackContext */
export default async function afterPack(context) {
  const changed = fixSpawnHelpers(context.appOutDir)
  for (const f of changed) console.log(`  • sitrep afterPack: made ${f} executable`)
}
