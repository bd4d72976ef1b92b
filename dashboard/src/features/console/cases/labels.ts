import type { MessageKey } from '../../../i18n/index.ts'

/** i18n keys of server codes; unknown codes are shown as they are. */
const known = {
  status: ['submitted', 'accepted', 'undertaken', 'reviewed', 'approved', 'concluded', 'returned'],
  caseType: ['immediate', 'promised', 'joint', 'escalated', 'returned', 'supplemented'],
  feeFlag: ['chargedForFreeItem', 'overcharged', 'undercharged'],
  units: ['workday', 'day'],
} as const

export function labelKey(group: keyof typeof known, code: string | null | undefined): MessageKey | null {
  if (!code) return null
  return (known[group] as readonly string[]).includes(code) ? (`console.${group}.${code}` as MessageKey) : null
}
