/**
 * The one HTTP client of the dashboard: JSON in and out, the session cookie, the CSRF header on
 * unsafe methods, and errors as `ApiError` carrying the server's machine-readable code and its
 * Chinese/English message (server: domain/errors.ts). Every surface calls the API through it.
 *
 *   const cases = await apiFetch<CaseListResponse>('/api/v1/cases', { query: { level: 'red' } })
 *   await apiFetch('/api/v1/cards', { method: 'POST', body: { … } })
 */

import type { ErrorBody } from '../../../domain/errors.ts'

/**
 * The server's error body (`ErrorBody`, domain/errors.ts), its code widened to any string: a proxy
 * or an older server may answer a code this build does not know.
 */
export type ApiErrorBody = Omit<ErrorBody, 'code'> & { code: string }

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly messageZh: string
  readonly messageEn: string
  readonly detail: string | undefined
  constructor(status: number, body: ApiErrorBody) {
    super(body.messageEn)
    this.name = 'ApiError'
    this.status = status
    this.code = body.code
    this.messageZh = body.message
    this.messageEn = body.messageEn
    this.detail = body.detail
  }
  /** The message in the given locale, with the detail (a field path, a limit) when there is one. */
  localized(locale: string): string {
    const m = locale === 'en' ? this.messageEn : this.messageZh
    return this.detail ? `${m}（${this.detail}）` : m
  }
}

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[]

export interface ApiFetchOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Sent as JSON. */
  body?: unknown
  /** Query string; null/undefined/'' values are left out, arrays repeat the key. */
  query?: Readonly<Record<string, QueryValue>>
  signal?: AbortSignal
  /** @default globalThis.fetch */
  fetch?: typeof fetch
  /** @default document.cookie */
  cookies?: string
  /** The browser cache's mode (`no-cache`: revalidate a cached answer before using it). */
  cache?: RequestCache
}

const CSRF_COOKIES = ['__Host-sv_csrf', 'sv_csrf']

/** The session's CSRF token from its cookie (`__Host-sv_csrf`, or `sv_csrf` without Secure cookies). */
export function csrfToken(cookies: string = typeof document === 'undefined' ? '' : document.cookie): string | null {
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name && CSRF_COOKIES.includes(name)) return decodeURIComponent(rest.join('='))
  }
  return null
}

/** `path` with the query string appended. */
export function withQuery(path: string, query?: Readonly<Record<string, QueryValue>>): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === null || v === undefined || v === '') continue
    if (Array.isArray(v)) for (const x of v as readonly (string | number)[]) params.append(k, String(x))
    else params.append(k, String(v))
  }
  const qs = params.toString()
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path
}

/** Calls the API; resolves the JSON body (undefined for 204), rejects with `ApiError` on 4xx/5xx. */
export async function apiFetch<T = unknown>(path: string, opts: ApiFetchOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET'
  const headers: Record<string, string> = { accept: 'application/json' }
  if (opts.body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET') {
    const token = csrfToken(opts.cookies)
    if (token) headers['x-csrf-token'] = token
  }
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis)
  const res = await doFetch(withQuery(path, opts.query), {
    method,
    headers,
    credentials: 'same-origin',
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.cache ? { cache: opts.cache } : {}),
  })
  if (res.status === 204) return undefined as T
  const text = await res.text()
  let json: unknown = undefined
  if (text) {
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
  }
  if (!res.ok) {
    const body = json as Partial<ApiErrorBody> | undefined
    throw new ApiError(res.status, {
      code: typeof body?.code === 'string' ? body.code : `HTTP_${res.status}`,
      message: typeof body?.message === 'string' ? body.message : `服务器返回 HTTP ${res.status}`,
      messageEn: typeof body?.messageEn === 'string' ? body.messageEn : `The server answered HTTP ${res.status}`,
      ...(typeof body?.detail === 'string' ? { detail: body.detail } : {}),
    })
  }
  return json as T
}
