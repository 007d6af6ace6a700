// Chromium features the shell turns off for the window responders type into. Data and a function
// over the command line only (no `electron` import): the Chromium that the end-to-end tests and
// benchmarks drive gets the same list (test/helpers/chromium.ts), so they measure what the app
// does.
//
// DeferRendererTasksAfterInput (on by default in recent Chromium): after a key press the page's
// main thread holds back "deferrable" tasks - messages posted from a worker among them - until
// the next frame, so a page's response to a key paints sooner. A terminal's response to a key
// is the echo, which arrives as just such a message (from the bridge socket's worker in the
// browser): held back, it missed the frame after the key and was painted a frame or two later.
// Measured in the echo benchmark (sessions-echo): keystroke echo p50 ~23 ms with the feature,
// ~7-9 ms without, against ~9 ms for bare xterm.js echoing in its own key handler. In the shell
// the echo comes over IPC, whose tasks may not be held back; the feature is off there too so
// both shells schedule alike. Unknown feature names are ignored by Chromium.
export const DISABLED_CHROMIUM_FEATURES: readonly string[] = ['DeferRendererTasksAfterInput']

/** The part of Electron's `app.commandLine` this needs. */
export interface CommandLineLike {
  getSwitchValue(name: string): string
  appendSwitch(name: string, value?: string): void
}

/**
 * Adds ours to whatever `--disable-features` the app was started with (a second switch would
 * replace the first), before the app is ready.
 */
export function disableChromiumFeatures(commandLine: CommandLineLike): void {
  const given = commandLine
    .getSwitchValue('disable-features')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
  const all = [...new Set([...given, ...DISABLED_CHROMIUM_FEATURES])]
  // Reviewed: the one switch is --disable-features with a task-scheduling feature (list above);
  // no security feature is named, and the sandbox, isolation and CSP are untouched.
  commandLine.appendSwitch('disable-features', all.join(',')) // eng-disable CUSTOM_ARGUMENTS_JS_CHECK
}
