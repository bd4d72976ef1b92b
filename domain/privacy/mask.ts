/**
 * Masking of citizens' personal data (applicant / citizen: name, ID number, phone) for roles that
 * may not see it in clear, following the common practice of government portals (GB/T 35273 §A:
 * 去标识化 by partial masking). Pure: no I/O, inputs never mutated.
 *
 * Characters are counted as Unicode code points, so a name in CJK Extension B keeps its shape.
 */

/** The mask character. */
export const MASK = '*'

const chars = (s: string): string[] => Array.from(s)
const keepEnds = (cs: string[], head: number, tail: number): string =>
  cs.slice(0, head).join('') + MASK.repeat(cs.length - head - tail) + (tail > 0 ? cs.slice(cs.length - tail).join('') : '')

/**
 * Masks a personal name: the first and last character stay, the middle is masked; a two-character
 * name keeps its first character; a one-character name is masked completely.
 *
 * @example maskName('张小三') // '张*三'
 * @example maskName('张三') // '张*'
 * @example maskName('欧阳小明') // '欧**明'
 * @example maskName('John Smith') // 'J********h'
 */
export function maskName(name: string): string {
  const cs = chars(name.trim())
  if (cs.length === 0) return ''
  if (cs.length === 1) return MASK
  if (cs.length === 2) return keepEnds(cs, 1, 0)
  return keepEnds(cs, 1, 1)
}

/**
 * Masks an identity document number. A resident ID (15 or 18 characters, or any number of at
 * least 15) keeps its first 6 (the division code of issue) and last 4; a shorter document number
 * of 8–14 characters keeps 2 at each end; anything shorter is masked completely.
 *
 * @example maskIdNumber('440204199001011234') // '440204********1234'
 * @example maskIdNumber('440204900101123') // '440204*****1123'
 * @example maskIdNumber('E12345678') // 'E1*****78'
 */
export function maskIdNumber(id: string): string {
  const cs = chars(id.trim())
  if (cs.length >= 15) return keepEnds(cs, 6, 4)
  if (cs.length >= 8) return keepEnds(cs, 2, 2)
  return MASK.repeat(cs.length)
}

/**
 * Masks a phone number. Eleven characters or more (a mobile number, with or without +86 or
 * separators) keep the first 3 and the last 4; 7–10 characters (a local landline) keep 2 at each
 * end; anything shorter is masked completely.
 *
 * @example maskPhone('13800005678') // '138****5678'
 * @example maskPhone('+8613800005678') // '+86*******5678'
 * @example maskPhone('8123456') // '81***56'
 */
export function maskPhone(phone: string): string {
  const cs = chars(phone.trim())
  if (cs.length >= 11) return keepEnds(cs, 3, 4)
  if (cs.length >= 7) return keepEnds(cs, 2, 2)
  return MASK.repeat(cs.length)
}

/** The personal data of an applicant or a petitioning citizen, as events carry it. */
export interface PersonalData {
  name: string
  idNumber?: string
  phone?: string
}

/**
 * Masks every field of an applicant/citizen record. Unknown fields are dropped, so that a field
 * added to events later is never passed through in clear by accident.
 *
 * @returns a new object; null for null
 */
export function maskPersonalData(p: PersonalData | null | undefined): PersonalData | null {
  if (p === null || p === undefined || typeof p !== 'object') return null
  const out: PersonalData = { name: typeof p.name === 'string' ? maskName(p.name) : '' }
  if (typeof p.idNumber === 'string') out.idNumber = maskIdNumber(p.idNumber)
  if (typeof p.phone === 'string') out.phone = maskPhone(p.phone)
  return out
}

/** Keys under which personal data of citizens is stored in case and petition states. */
export const PERSONAL_DATA_KEYS = ['applicant', 'citizen'] as const

/**
 * Masks the personal-data members (`applicant`, `citizen`) of an object such as a case or petition
 * state, at any depth (a state may carry earlier versions, e.g. in a history list). Other members
 * are copied unchanged.
 *
 * @example maskPersonalDataIn({ caseNo: 'A', applicant: { name: '张三' } }) // { caseNo: 'A', applicant: { name: '张*' } }
 */
export function maskPersonalDataIn<T>(value: T): T {
  return walk(value) as T
}

function walk(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(walk)
  if (v === null || typeof v !== 'object') return v
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    out[k] = (PERSONAL_DATA_KEYS as readonly string[]).includes(k) ? maskPersonalData(x as PersonalData | null) : walk(x)
  }
  return out
}
