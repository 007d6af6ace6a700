// Who is in the war room (#18): the people whose laptops the team server heard from in the last
// ~20 s, with their role, when it last heard from them, and the panes they have open (kind and
// title: the target's label and host, never a secret). Ages come from the server's clock, so a
// laptop whose clock is off shows the same "last seen" as everyone else.
import { useT } from '../../i18n/useT'
import { useTeam } from '../../stores/teamStore'

/** The small count in the header: how many people are here (this laptop included). */
export function PresenceCount(): React.JSX.Element | null {
  const t = useT()
  const presence = useTeam((s) => s.presence)
  const open = useTeam((s) => s.panelOpen)
  if (!presence?.live || presence.people.length === 0) return null
  const names = presence.people.map((p) => p.displayName).join(', ')
  return (
    <button
      type="button"
      className="team-presence-count"
      data-testid="team-presence-count"
      data-count={presence.people.length}
      title={t('team.presence.count.tooltip', { names })}
      aria-label={t('team.presence.count', { n: presence.people.length })}
      aria-haspopup="dialog"
      aria-expanded={open}
      onClick={() => useTeam.getState().setPanel(!open)}
    >
      <span aria-hidden="true">●</span> {presence.people.length}
    </button>
  )
}

/** Seconds since the server last heard from them, as of the last heartbeat's read (every 5 s). */
const seenAgo = (ageMs: number): number => Math.max(0, Math.round(ageMs / 1000))

export function PresenceList(): React.JSX.Element {
  const t = useT()
  const presence = useTeam((s) => s.presence)
  if (!presence?.live)
    return (
      <section className="team-presence" data-testid="team-presence">
        <h3>{t('team.presence.title')}</h3>
        <p className="muted">{t('team.presence.unknown')}</p>
      </section>
    )
  return (
    <section className="team-presence" data-testid="team-presence">
      <h3>{t('team.presence.title')}</h3>
      <ul className="team-people">
        {presence.people.map((p) => (
          <li
            key={p.origin}
            className="team-person"
            data-testid="team-person"
            data-author={p.author}
          >
            <span className="team-person-name">
              {p.displayName}
              {p.self ? <em className="muted"> {t('team.presence.you')}</em> : null}
            </span>
            {p.role ? <span className="team-person-role">{p.role}</span> : null}
            <span className="muted team-person-meta">
              {p.author}@{p.originName} · {t('team.presence.seen', { s: seenAgo(p.ageMs) })}
            </span>
            {p.panes.length ? (
              <ul className="team-panes" aria-label={t('team.presence.panes')}>
                {p.panes.map((pane, i) => (
                  <li key={i} className="mono" data-testid="team-pane" data-kind={pane.kind}>
                    {pane.title}
                  </li>
                ))}
              </ul>
            ) : (
              <span className="muted team-person-meta">{t('team.presence.noPanes')}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
