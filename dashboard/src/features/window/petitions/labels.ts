import { WINDOW_PETITION_STATUSES } from '../../../../../domain/contracts/petitionAnswers.ts'

export const PETITION_STATUSES = WINDOW_PETITION_STATUSES

/** A code's label from one of the petition texts' groups, the code itself when it has none, '—' for null. */
export function petitionText(group: Readonly<Record<string, string>>, code: string | null): string {
  if (code === null) return '—'
  return Object.hasOwn(group, code) ? group[code]! : code
}
