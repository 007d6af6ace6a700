// English strings of reconnecting after the core was lost and of sessions restored after a
// restart. en.ts spreads them in.
export const restoreEn = {
  'reconnect.down':
    'Lost the connection to the Sitrep core at {since} ({ago} ago). Reconnecting: attempt {attempt}, next try in {next} s.',
  'reconnect.trying':
    'Lost the connection to the Sitrep core at {since} ({ago} ago). Reconnecting now (attempt {attempt})…',
  'reconnect.retryNow': 'Retry now',
  'reconnect.back': 'Reconnected at {at}; the core was unreachable for {duration}.',
  'reconnect.restored': 'Sessions reopened after the restart: {count}.',
  'duration.seconds': '{s} s',
  'duration.minutes': '{m} min {s} s',
  'pane.restored.line':
    '— session restored after Sitrep restarted at {restartedAt}; output between {from} and {to} was not received —',
  'pane.lostLocal.line':
    '— this local shell ended when Sitrep stopped at about {at}: its process is gone and cannot be restored. Use "New shell" to open another —',
  'pane.notRestored.line': '— this session ended when Sitrep stopped and was not reopened —',
  'pane.lost.error': 'Ended when Sitrep stopped',
  'pane.newShell': 'New shell',
  'pane.newShell.tooltip': 'Open a new local shell in place of this one',
}
