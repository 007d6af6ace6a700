// The Chromium features the shell turns off reach Chromium's command line once, merged with
// whatever --disable-features the app was started with (against a fake of app.commandLine that
// keeps switches as Chromium's CommandLine does: the last value of a switch wins).
import { describe, expect, it } from 'vitest'
import {
  DISABLED_CHROMIUM_FEATURES,
  disableChromiumFeatures,
} from '../../../src/main/electron/chromiumFeatures'
import { CHROMIUM_ARGS } from '../../helpers/chromium'

function fakeCommandLine(argv: string[]) {
  const switches = new Map<string, string>()
  for (const a of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a)
    if (m) switches.set(m[1] as string, m[2] ?? '')
  }
  return {
    switches,
    getSwitchValue: (name: string) => switches.get(name) ?? '',
    appendSwitch: (name: string, value = '') => void switches.set(name, value),
  }
}

describe('Chromium features the shell turns off', () => {
  it('adds the deferral of tasks after input to an empty command line', () => {
    const cl = fakeCommandLine([])
    disableChromiumFeatures(cl)
    expect(cl.getSwitchValue('disable-features')).toBe('DeferRendererTasksAfterInput')
  })

  it('keeps the features someone started the app without, once each', () => {
    const cl = fakeCommandLine(['--disable-features=Foo, DeferRendererTasksAfterInput,Bar'])
    disableChromiumFeatures(cl)
    expect(cl.getSwitchValue('disable-features').split(',')).toEqual([
      'Foo',
      'DeferRendererTasksAfterInput',
      'Bar',
    ])
  })

  it('is what the tests and benchmarks start their Chromium with', () => {
    const arg = CHROMIUM_ARGS.find((a) => a.startsWith('--disable-features='))
    expect(arg?.slice('--disable-features='.length).split(',')).toEqual([
      ...DISABLED_CHROMIUM_FEATURES,
    ])
  })
})
