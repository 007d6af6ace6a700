// A laptop in a child process, SIGKILLed by teamKill.test.ts at a random moment.
// argv: dataDir mode(push|pull) settingsJson [incidentId]; the team password in
// SITREP_TEST_TEAM_PW. push: appends notes as fast as it can and prints each note's uid once
// its local commit returned, while the engine pushes in the background. pull: syncs in a loop
// and prints how many events it holds. Either way it never exits by itself.
import { Core } from '../../../src/main/core/core'
import type { TeamSettings } from '../../../src/main/core/team/connection'

const [dataDir, mode, settingsJson, incidentArg] = process.argv.slice(2)
if (!dataDir || !mode || !settingsJson)
  throw new Error('usage: dataDir mode settingsJson [incident]')
const settings = JSON.parse(settingsJson) as TeamSettings

const core = new Core({
  dataDir,
  shell: 'headless',
  version: 't',
  backupIntervalMs: 0,
  userKnownHosts: `${dataDir}/none`,
  teamEngine: { pollMs: 50, pollOnlyMs: 50, batchSize: 10 },
})
if (core.start().state !== 'ready') throw new Error('store did not open')
const team = core.team()
// The parent counts the kills that landed while a push was under way.
core.events.on('team.status', (st) => process.stdout.write(`state ${st.state}\n`))

async function main(): Promise<void> {
  if (!team.settings())
    await team.configure({ ...settings, password: process.env.SITREP_TEST_TEAM_PW ?? null })
  if (mode === 'push') {
    const incidentId =
      incidentArg ||
      core.incidents().declare({
        title: 'killed laptop',
        severity: 'P2',
        services: [],
        impactScope: 'core',
        detection: 'monitoring-alert',
        actor: 'alice',
      }).id
    process.stdout.write(`incident ${incidentId}\n`)
    let n = 0
    for (;;) {
      // Bursts, so that pushes take several batches and a kill often lands inside one.
      for (let i = 0; i < 40; i++) {
        const e = core.incidents().addNote(incidentId, { text: `note ${n++}`, actor: 'alice' })
        process.stdout.write(`${e.uid}\n`)
      }
      await new Promise((r) => setTimeout(r, 5))
    }
  } else {
    process.stdout.write('pulling\n')
    for (;;) {
      await team.syncNow()
      const n = core.data.require().db.prepare('SELECT count(*) AS n FROM team_events').get() as {
        n: number
      }
      process.stdout.write(`held ${n.n}\n`)
    }
  }
}
void main()
