/**
 * The SMS channel: one generic HTTP gateway adapter. Most Chinese SMS gateways (and in-house
 * 短信平台) take an HTTP POST with the number and the text; the URL, an Authorization header and
 * the body template are configuration:
 *
 *   SMS_GATEWAY_URL=https://sms.example.cn/api/send
 *   SMS_GATEWAY_AUTH='Bearer …'                 (sent as the Authorization header; optional)
 *   SMS_GATEWAY_TEMPLATE='{"mobile":"{{phone}}","content":"{{text}}"}'   (default)
 *   SMS_GATEWAY_FORMAT=json | form               (default json; form = application/x-www-form-urlencoded)
 *
 * Any 2xx answer counts as accepted; anything else (or a timeout) is an error to retry.
 */
import { renderGatewayBody } from '../../domain/notify/renderGatewayBody.ts'

export interface SmsGatewayConfig {
  url: string
  auth?: string | null
  template?: string
  format?: 'json' | 'form'
  timeoutMs?: number
}

export interface SmsSender {
  send(phone: string, text: string): Promise<void>
}

export const DEFAULT_SMS_TEMPLATE = '{"mobile":"{{phone}}","content":"{{text}}"}'

export function createSmsSender(cfg: SmsGatewayConfig): SmsSender {
  const format = cfg.format ?? 'json'
  const template = cfg.template ?? DEFAULT_SMS_TEMPLATE
  return {
    async send(phone, text) {
      const headers: Record<string, string> = { 'content-type': format === 'json' ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded; charset=utf-8' }
      if (cfg.auth) headers.authorization = cfg.auth
      const res = await fetch(cfg.url, {
        method: 'POST',
        headers,
        body: renderGatewayBody(template, { phone, text }, format === 'json'),
        signal: AbortSignal.timeout(cfg.timeoutMs ?? 10_000),
      })
      const answer = await res.text().catch(() => '')
      if (!res.ok) throw new Error(`SMS gateway answered HTTP ${res.status}: ${answer.slice(0, 200)}`)
    },
  }
}
