/**
 * CA login (数字证书登录): the TLS client certificate is verified by a reverse proxy in front of the
 * server, which forwards the verification result and the subject DN in headers:
 *
 *   nginx:  ssl_verify_client optional;  ssl_client_certificate /etc/nginx/ca.pem;
 *           proxy_set_header X-Client-Cert-Verify  $ssl_client_verify;
 *           proxy_set_header X-Client-Cert-Subject $ssl_client_s_dn;
 *
 * Those headers are believed only from the proxy's own address (CERT_TRUSTED_PROXIES) — the direct
 * peer of the TCP connection, never X-Forwarded-For. The subject is matched against
 * `users.cert_subject` after normalisation.
 */
import type { FastifyRequest } from 'fastify'
import type { CertLoginConfig } from '../config.ts'

/**
 * Normalises a subject DN for comparison: RFC 2253 hex escapes (`\E5\BC\A0`, as nginx writes
 * non-ASCII) decoded as UTF-8, spaces around `,` and `=` removed, attribute names upper-cased.
 *
 * @example normaliseSubject('CN=\\E5\\BC\\A0\\E4\\B8\\89, O=浈江区, C=CN') // 'CN=张三,O=浈江区,C=CN'
 */
export function normaliseSubject(dn: string): string {
  const decoded = dn.replace(/(?:\\[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = Buffer.from(run.replace(/\\/g, ''), 'hex')
    const text = bytes.toString('utf8')
    return text.includes('\uFFFD') ? run : text
  })
  return decoded
    .split(/(?<!\\),/)
    .map((rdn) => {
      const i = rdn.indexOf('=')
      if (i < 0) return rdn.trim()
      return `${rdn.slice(0, i).trim().toUpperCase()}=${rdn.slice(i + 1).trim()}`
    })
    .filter((rdn) => rdn.length > 0)
    .join(',')
}

/** The peer address of the TCP connection (not X-Forwarded-For), IPv4-mapped IPv6 unwrapped. */
export function peerAddress(req: FastifyRequest): string {
  const a = req.socket.remoteAddress ?? ''
  return a.startsWith('::ffff:') ? a.slice(7) : a
}

/** The verified certificate subject of a request, or null when absent, unverified or not from the proxy. */
export function certificateSubject(req: FastifyRequest, cfg: CertLoginConfig): string | null {
  if (!cfg.trustedProxies.includes(peerAddress(req))) return null
  const verify = req.headers[cfg.verifyHeader]
  const subject = req.headers[cfg.subjectHeader]
  if (verify !== 'SUCCESS' || typeof subject !== 'string' || subject.trim() === '') return null
  return normaliseSubject(subject)
}
