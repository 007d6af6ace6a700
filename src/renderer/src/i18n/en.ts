// English, the reference dictionary: its keys define every string the UI may show, and the
// Japanese dictionary is typed against them so a missing translation fails the type check.
import { FIRST_SCREEN_STRINGS } from '../../../shared/firstScreenSketch'
import { keyboardEn } from './keyboard.en'
import { metricsEn } from './metrics.en'
import { awsEn } from './aws.en'
import { deploysEn } from './deploys.en'
import { incidentsEn } from './incidents.en'
import { exportEn } from './export.en'
import { targetsEn } from './targets.en'
import { sessionsEn } from './sessions.en'
import { runbooksEn } from './runbooks.en'
import { restoreEn } from './restore.en'
import { secretsEn } from './secrets.en'
import { teamEn } from './team.en'
import { notifyEn } from './notify.en'

export const en = {
  'dock.label': 'Hosts and recordings',
  'app.loading': 'Starting Sitrep…',
  'app.loadingPart': 'Loading…',
  'app.unreachable': 'Cannot reach the Sitrep core. Retrying…',

  'header.noIncident': 'No active incident',
  'header.more': 'More ▾',
  'header.appVersion': 'Version {version} ({shell})',

  'connection.connecting': 'Connecting',
  'connection.connected': 'Connected',
  'connection.disconnected': 'Disconnected',
  'connection.tooltip.connecting': 'Connecting to the Sitrep core…',
  'connection.tooltip.connected': 'Connected to the Sitrep core.',
  'connection.tooltip.disconnected': 'Lost the connection to the Sitrep core. Retrying…',

  'lang.label': 'Language',

  'timeline.empty': 'No events yet. Declaring an incident starts its timeline.',

  'checklist.title': 'Checklist',
  'checklist.empty': 'No runbook loaded.',

  'metrics.title': 'Metrics',
  'metrics.empty': 'No metrics are being collected.',

  'grid.title': 'Terminals',
  'grid.addLocal': '+ local shell',
  'grid.addLocal.tooltip': 'Open a shell on this machine',
  'grid.empty': 'No terminal open.',
  'grid.opening': 'Opening a local shell…',

  'grid.layout': 'Layout',
  'grid.layout.auto': 'Auto ({count})',
  'grid.layout.one': '1 pane',
  'grid.layout.many': '{count} panes',
  'grid.pages': 'Pages of panes',
  'grid.page': '{first}–{last} of {total}',
  'grid.page.previous': 'Previous panes',
  'grid.page.next': 'Next panes',

  'broadcast.toggle': 'Broadcast',
  'broadcast.toggle.off':
    'Broadcast input: what you type or paste in a target pane goes to every target pane',
  'broadcast.toggle.on': 'Stop broadcasting: typing goes to one pane again',
  'broadcast.count.one': 'Broadcasting to 1 pane',
  'broadcast.count.other': 'Broadcasting to {count} panes',
  'broadcast.pick': 'Broadcast targets',
  'broadcast.all': 'all',
  'broadcast.all.tooltip': 'Make every open pane a broadcast target',
  'broadcast.none': 'none',
  'broadcast.none.tooltip': 'Remove every pane from the broadcast targets',
  'broadcast.include': 'Broadcast to {pane}',
  'broadcast.include.tooltip': 'Include this pane in broadcast input',

  'pane.state.connecting': 'connecting',
  'pane.state.connected': 'connected',
  'pane.state.reconnecting': 'reconnecting',
  'pane.state.closed': 'closed',
  'pane.exitCode': 'exit {code}',
  'pane.close': 'Close pane',
  'pane.close.running': 'End this session and close its pane',
  'pane.close.closed': 'Remove this pane',

  'pane.label': '{title} (#{channel})',
  'pane.drag': 'Drag onto another pane to swap them; double-click to maximise',
  'pane.search': 'Search this pane (Ctrl+Shift+F)',
  'pane.maximise': 'Maximise this pane',
  'pane.restore': 'Restore the grid (Esc)',

  'search.label': 'Search the terminal',
  'search.placeholder': 'Search',
  'search.previous': 'Previous match (Shift+Enter)',
  'search.next': 'Next match (Enter)',
  'search.caseSensitive': 'Match case',
  'search.close': 'Close search (Esc)',
  'search.position': '{index} of {count}',
  'search.many': '{count}+ matches',
  'search.none': 'No matches',

  'clipboard.copied': 'Copied from pane {pane} to the clipboard ({chars} characters)',
  'clipboard.failed': 'Could not copy to the clipboard from pane {pane}',
  'clipboard.tooLarge':
    'A program in pane {pane} tried to copy {size} to the clipboard; the limit is {limit}. Nothing was copied.',
  'clipboard.controlsRemoved':
    'A program in pane {pane} copied text with {count, plural, one {# control character} other {# control characters}} to the clipboard; they were removed (only printable text, tabs and newlines are copied).',
  'paste.controlsRemoved':
    'Removed {count, plural, one {# control character} other {# control characters}} from the paste into {pane}: they could end the paste early and run what follows.',
  'paste.confirm.production':
    'Paste into the PRODUCTION pane {pane}?\n\nIt holds {lines} line(s); each line break runs what comes before it as a command. Control characters removed: {removed}.',
  'paste.confirm.broadcast':
    'Paste into every broadcast pane?\n\nIt holds {lines} line(s); each line break runs what comes before it as a command, on every target. Control characters removed: {removed}.',

  'link.confirm': 'Open this link in your browser?\n\n{url}',

  'store.title': 'The incident database cannot be opened',
  'store.reason.corrupt': 'The database file is damaged or is not a Sitrep database.',
  'store.reason.unreadable':
    'The database file cannot be read (permissions, a lock held by another program, or a missing folder).',
  'store.reason.too-new':
    'The database file was written by a newer version of Sitrep than this one.',
  'store.details': 'What went wrong',
  'store.path': 'File',
  'store.untouched':
    'Sitrep leaves this file exactly as it is: it is never overwritten, repaired or deleted, so it can be investigated later.',
  'store.backups': 'Backups',
  'store.backups.hint': 'Opening a backup copies it to a new database file and works on the copy.',
  'store.backups.none': 'No backups were found.',
  'store.backup.file': 'File',
  'store.backup.time': 'Taken',
  'store.backup.size': 'Size',
  'store.openBackup': 'Open this backup',
  'store.startNew': 'Start a new database file',
  'store.startNew.hint':
    'Starts with an empty database. Earlier incidents stay in the untouched file and in the backups.',
  'store.working': 'Working…',
  'store.check.running': 'Checking the database file in the background…',
  'store.check.ok': 'Database file checked: no damage found.',
  'store.check.unchecked': 'The database file could not be checked ({detail}).',
  'store.check.damaged':
    'The database file is damaged. Open a backup: your work since it was taken is in this file, which stays where it is.',

  'toast.dismiss': 'Dismiss',
  'toast.region': 'Notifications',
  'action.failed.loadStatus': 'Could not read the state of the database',
  'store.permissionsRepaired':
    '{count, plural, one {# file or folder} other {# files or folders}} in the data folder could be read by other users of this computer; they are now private to your account.',
  'action.failed.listSessions': 'Could not list the terminal sessions',
  'action.failed.openLocal': 'Could not open a local shell',
  'action.failed.attach': 'Could not reattach to a terminal session',
  'action.failed.close': 'Could not close the terminal session',
  'action.failed.resize': 'Could not resize the terminal',
  'action.failed.openBackup': 'Could not open the backup',
  'action.failed.startNew': 'Could not start a new database file',
  'error.unexpected': 'Unexpected error: {message}',
  // Core messages are English and say what to do; other languages add a translated lead.
  'error.code.invalid_params': '{detail}',
  'error.code.unknown_method': '{detail}',
  'error.code.store_unavailable': '{detail}',
  'error.code.not_found': '{detail}',
  'error.code.session_failed': '{detail}',
  'error.code.host_key_changed': '{detail}',
  'error.code.host_key_rejected': '{detail}',
  'error.code.auth_failed': '{detail}',
  'error.code.connect_failed': '{detail}',
  'error.code.disk_full': '{detail}',
  'error.code.confirmation_required': '{detail}',
  'error.code.exec_timeout': '{detail}',
  'error.code.cancelled': '{detail}',
  'error.code.internal': '{detail}',
  // The first screen sketch's words (shared/firstScreenSketch.ts), drawn before this loads.
  ...FIRST_SCREEN_STRINGS.en,
  ...incidentsEn,
  ...exportEn,
  ...targetsEn,
  ...sessionsEn,
  ...runbooksEn,
  ...restoreEn,
  ...secretsEn,
  ...teamEn,
  ...notifyEn,
  ...metricsEn,
  ...awsEn,
  ...deploysEn,
  ...keyboardEn,
} as const satisfies Record<string, string>

export type MessageKey = keyof typeof en
export type Messages = Record<MessageKey, string>
