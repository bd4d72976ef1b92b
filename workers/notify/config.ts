/** Notification settings from the environment (documented in workers/README.md). */
import { DEFAULT_QUIET_HOURS, type QuietHours } from '../../domain/notify/quietHoursRelease.ts'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../domain/notify/retryDelayMs.ts'

export interface NotifyOptions {
  /** SMTP server; absent: e-mails are marked `skipped`. */
  smtpUrl?: string | null
  /** @default '行政审批电子监察 <noreply@localhost>' */
  smtpFrom?: string
  /** SMS gateway; absent: SMS are marked `skipped`. */
  smsGatewayUrl?: string | null
  smsGatewayAuth?: string | null
  smsGatewayTemplate?: string
  smsGatewayFormat?: 'json' | 'form'
  /** @default '【电子监察】' */
  smsSign?: string
  /** Zone of the quiet hours. @default 'Asia/Shanghai' */
  zone?: string
  quietHours?: QuietHours
  retry?: RetryPolicy
  /** How often due outbox rows are looked for. @default 1000 */
  everyMs?: number
  batchSize?: number
  /** The clock (tests). @default Date.now */
  now?: () => number
}

const minutes = (hhmm: string): number => {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(hhmm.trim())
  if (!m) throw new Error(`NOTIFY_QUIET_HOURS: bad time ${hhmm} (HH:MM-HH:MM)`)
  return Number(m[1]) * 60 + Number(m[2])
}

/** Reads SMTP_URL, SMTP_FROM, SMS_GATEWAY_URL, SMS_GATEWAY_AUTH, SMS_GATEWAY_TEMPLATE, SMS_GATEWAY_FORMAT, SMS_SIGN, NOTIFY_ZONE, NOTIFY_QUIET_HOURS, NOTIFY_EVERY_MS, NOTIFY_MAX_ATTEMPTS. */
export function notifyOptionsFromEnv(env: NodeJS.ProcessEnv): NotifyOptions {
  const quiet = env.NOTIFY_QUIET_HOURS?.split('-')
  const out: NotifyOptions = {
    smtpUrl: env.SMTP_URL || null,
    smsGatewayUrl: env.SMS_GATEWAY_URL || null,
    smsGatewayAuth: env.SMS_GATEWAY_AUTH || null,
    quietHours: quiet && quiet.length === 2 ? { startMinute: minutes(quiet[0]!), endMinute: minutes(quiet[1]!) } : DEFAULT_QUIET_HOURS,
    retry: env.NOTIFY_MAX_ATTEMPTS ? { ...DEFAULT_RETRY_POLICY, maxAttempts: Number(env.NOTIFY_MAX_ATTEMPTS) } : DEFAULT_RETRY_POLICY,
  }
  if (env.SMTP_FROM) out.smtpFrom = env.SMTP_FROM
  if (env.SMS_GATEWAY_TEMPLATE) out.smsGatewayTemplate = env.SMS_GATEWAY_TEMPLATE
  if (env.SMS_GATEWAY_FORMAT === 'form' || env.SMS_GATEWAY_FORMAT === 'json') out.smsGatewayFormat = env.SMS_GATEWAY_FORMAT
  if (env.SMS_SIGN) out.smsSign = env.SMS_SIGN
  if (env.NOTIFY_ZONE) out.zone = env.NOTIFY_ZONE
  if (env.NOTIFY_EVERY_MS) out.everyMs = Number(env.NOTIFY_EVERY_MS)
  return out
}
