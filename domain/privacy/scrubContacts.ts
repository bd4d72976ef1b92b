import { maskEmail } from './maskEmail.ts'
import { maskPhone } from './mask.ts'

/**
 * Masks every e-mail address and every phone-like run of 7+ digits inside a free text (an SMTP or
 * gateway error message) before it is logged or stored: `550 <zhang@zj.gov.cn> rejected` →
 * `550 <z***@zj.gov.cn> rejected`.
 *
 * @pure
 * @param text - any text
 * @returns the text with contacts masked
 *
 * @example scrubContacts('to 13800005678 failed') //=> 'to 138****5678 failed'
 */
export function scrubContacts(text: string): string {
  return text
    .replace(/[^\s<>"'@,;:()]+@[^\s<>"',;:()]+/g, (m) => maskEmail(m))
    .replace(/\+?\d[\d -]{5,}\d/g, (m) => (m.replace(/\D/g, '').length >= 7 ? maskPhone(m) : m))
}
