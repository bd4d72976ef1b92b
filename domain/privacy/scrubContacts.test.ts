import { describe, expect, it } from 'vitest'
import { scrubContacts } from './scrubContacts.ts'

describe('scrubContacts', () => {
  it('masks addresses and phone numbers inside error texts', () => {
    expect(scrubContacts('550 5.1.1 <zhang.san@zj.gov.cn>: Recipient rejected')).toBe('550 5.1.1 <z***@zj.gov.cn>: Recipient rejected')
    expect(scrubContacts('gateway refused 13800005678 (quota)')).toBe('gateway refused 138****5678 (quota)')
    expect(scrubContacts('+86 138 0000 5678 invalid')).not.toContain('0000')
  })
  it('leaves short numbers such as status codes alone', () => {
    expect(scrubContacts('HTTP 503 after 2 attempts')).toBe('HTTP 503 after 2 attempts')
  })
})
