// The headless bridge's WebSocket address with the page's token (see core/bridge/sessions.ts).
const TOKEN_KEY = 'sitrep.token'

export function bridgeToken(): string | null {
  const fromUrl = new URLSearchParams(location.search).get('token')
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    // Keep the token out of screenshots and shared URLs; the session cookie serves reloads.
    history.replaceState(null, '', location.pathname)
    return fromUrl
  }
  return sessionStorage.getItem(TOKEN_KEY)
}

export function bridgeUrl(): string {
  const token = bridgeToken() ?? ''
  return `ws://${location.host}/bridge?token=${encodeURIComponent(token)}`
}
