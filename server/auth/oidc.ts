/**
 * OpenID Connect single sign-on (authorisation code flow with PKCE, state and nonce) through
 * `openid-client`. Users are matched by login name: the ID-token claim `loginClaim` (default
 * `preferred_username`) must equal an active user's login (case-insensitive). No user is created
 * automatically: an administrator creates the account (with or without a password) first.
 */
import * as oidc from 'openid-client'
import type { OidcConfig } from '../config.ts'

export interface OidcStart {
  url: URL
  state: string
  nonce: string
  codeVerifier: string
}

export interface OidcClient {
  /** A fresh authorisation request: where to send the browser, and what to remember. */
  start(): Promise<OidcStart>
  /**
   * Completes the flow from the callback's query string; returns the login name claimed by the
   * ID token (validated: signature, issuer, audience, expiry, nonce), or null when it has none.
   */
  finish(query: string, checks: { state: string; nonce: string; codeVerifier: string }): Promise<string | null>
}

export function createOidcClient(cfg: OidcConfig): OidcClient {
  let configuration: Promise<oidc.Configuration> | null = null
  const discover = () => {
    configuration ??= oidc
      .discovery(
        new URL(cfg.issuer),
        cfg.clientId,
        undefined,
        cfg.clientSecret ? oidc.ClientSecretBasic(cfg.clientSecret) : oidc.None(),
        cfg.allowInsecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((err: unknown) => {
        configuration = null // try again next time (the IdP may have been down)
        throw err
      })
    return configuration
  }
  return {
    async start() {
      const c = await discover()
      const codeVerifier = oidc.randomPKCECodeVerifier()
      const state = oidc.randomState()
      const nonce = oidc.randomNonce()
      const url = oidc.buildAuthorizationUrl(c, {
        redirect_uri: cfg.redirectUri,
        scope: cfg.scope,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      })
      return { url, state, nonce, codeVerifier }
    },
    async finish(query, checks) {
      const c = await discover()
      const current = new URL(cfg.redirectUri)
      current.search = query
      const tokens = await oidc.authorizationCodeGrant(c, current, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      })
      const login = tokens.claims()?.[cfg.loginClaim]
      return typeof login === 'string' && login.length > 0 ? login : null
    },
  }
}
