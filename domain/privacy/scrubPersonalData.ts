import { maskIdNumber, maskName, maskPhone, type PersonalData } from './mask.ts'
import { maskEmail } from './maskEmail.ts'

const RESIDENT_ID = /(?<![\dA-Za-z])(?:\d{17}[\dXx]|\d{15})(?![\dA-Za-z])/g
const MOBILE = /(?<!\d)(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)/g
const LANDLINE = /(?<![\d-])0\d{2,3}-\d{7,8}(?!\d)/g
const EMAIL = /[^\s<>"'@,;:()，。；：（）]+@[^\s<>"',;:()，。；：（）]+\.[A-Za-z]{2,}/g

/**
 * Masks, inside a free text typed by a person (a manual card's reason, an opinion), the personal
 * data of the people the text is about (the case's applicant, the petition's citizen) wherever it
 * occurs, then any resident ID (15/18 characters), mobile or landline number and e-mail address.
 * The patterns are tight on purpose: dates, case numbers and amounts in the text stay readable.
 * For texts shown to people who do not need the data (the wall).
 *
 * Names can only be masked when they are known: a name of somebody else typed into the text stays.
 *
 * @pure
 * @example scrubPersonalData('申请人张小三（13800005678）多次补正', [{ name: '张小三' }]) //=> '申请人张*三（138****5678）多次补正'
 */
export function scrubPersonalData(text: string, people: readonly (PersonalData | null | undefined)[] = []): string {
  let out = text
  for (const p of people) {
    if (!p || typeof p !== 'object') continue
    if (typeof p.idNumber === 'string' && p.idNumber.length >= 6) out = out.split(p.idNumber).join(maskIdNumber(p.idNumber))
    if (typeof p.phone === 'string' && p.phone.length >= 7) out = out.split(p.phone).join(maskPhone(p.phone))
    const name = typeof p.name === 'string' ? p.name.trim() : ''
    if ([...name].length >= 2) out = out.split(name).join(maskName(name))
  }
  return out
    .replace(RESIDENT_ID, (m) => maskIdNumber(m))
    .replace(MOBILE, (m) => maskPhone(m.replace(/[ -]/g, '')))
    .replace(LANDLINE, (m) => maskPhone(m))
    .replace(EMAIL, (m) => maskEmail(m))
}
