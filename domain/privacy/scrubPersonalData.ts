import { maskIdNumber, maskName, maskPhone, type PersonalData } from './mask.ts'
import { scrubContacts } from './scrubContacts.ts'

/**
 * Masks, inside a free text typed by a person (a manual card's reason, an opinion), the personal
 * data of the people the text is about (the case's applicant, the petition's citizen) wherever it
 * occurs, then every e-mail address and phone-like run of digits (`scrubContacts`), and any
 * 15/18-character resident ID. For texts shown to people who do not need them (the wall).
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
  out = out.replace(/\b\d{17}[\dXx]\b|\b\d{15}\b/g, (m) => maskIdNumber(m))
  return scrubContacts(out)
}
