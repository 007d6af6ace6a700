// Page sessions of the headless bridge. The token printed at start (`/?token=…`) is a one-time
// key: its first page load mints a session id, sent back as an HttpOnly SameSite=Strict cookie,
// and the token never opens a page again. The cookie is not the token: cookies are not
// port-scoped, so a browser hands it to every http://127.0.0.1:<port> service the responder
// visits; what such a service learns is a session id, which opens the page (HTML and scripts,
// nothing else) but not the socket. The WebSocket needs both: the session cookie and the token,
// which the page keeps in sessionStorage and sends only to its own origin's socket URL.
//
// A session is bound to its token: it is stored as SHA-256(token ":" id), so a session from
// before a rotation (--new-token) matches nothing. For re-admission after a restart
// (credentials.ts, bridge.json) the hashes and the "used" flag are saved with the token: the
// same tab comes back by its cookie and the token its worker kept, and the printed URL, once
// used, stays used.
import { createHash, randomBytes } from 'node:crypto'
import { tokensEqual } from './guard'

/** What survives a restart: whether the token opened a page, and the sessions it minted. */
export interface SessionState {
  used: boolean
  sessions: string[]
}

/** Enough for a few browsers and reloads; the oldest session is forgotten first. */
const MAX_SESSIONS = 32

export class BridgeSessions {
  private state: SessionState

  constructor(
    private readonly token: string,
    initial: SessionState = { used: false, sessions: [] },
    private readonly save: (s: SessionState) => void = () => undefined,
  ) {
    this.state = { used: initial.used, sessions: [...initial.sessions].slice(-MAX_SESSIONS) }
  }

  private hash(id: string): string {
    return createHash('sha256').update(`${this.token}:${id}`).digest('hex')
  }

  /** Whether `given` is the token and has not opened a page yet. */
  canFirstLoad(given: string | null): boolean {
    return !this.state.used && tokensEqual(given, this.token)
  }

  /** Spends the token on this page load and returns the new session id for the cookie. */
  firstLoad(): string {
    const id = randomBytes(32).toString('base64url')
    this.state = {
      used: true,
      sessions: [...this.state.sessions, this.hash(id)].slice(-MAX_SESSIONS),
    }
    this.save(this.state)
    return id
  }

  /** Whether `id` (from the cookie) is a session of this token. */
  valid(id: string | null): boolean {
    if (!id || id.length > 100) return false
    const h = this.hash(id)
    return this.state.sessions.some((s) => tokensEqual(s, h))
  }

  /** The socket: a session of this token, and the token itself (never the session id as token). */
  socketAllowed(sessionId: string | null, given: string | null): boolean {
    return this.valid(sessionId) && tokensEqual(given, this.token)
  }
}
