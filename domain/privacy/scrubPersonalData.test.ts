import { describe, expect, it } from 'vitest'
import { scrubPersonalData } from './scrubPersonalData.ts'

describe('scrubPersonalData', () => {
  it('masks the named person, their ID number and phone wherever they occur', () => {
    const text = '申请人张小三（身份证440204199001011234，电话13800005678）反映张小三的材料被退回两次'
    const out = scrubPersonalData(text, [{ name: '张小三', idNumber: '440204199001011234', phone: '13800005678' }])
    expect(out).toBe('申请人张*三（身份证440204********1234，电话138****5678）反映张*三的材料被退回两次')
    expect(out).not.toContain('张小三')
    expect(out).not.toContain('19900101')
  })

  it('masks ID numbers and phones of people it was not told about', () => {
    expect(scrubPersonalData('群众44020419850505432X来电，回拨 0751-8881234')).toBe('群众440204********432X来电，回拨 075*****1234')
  })

  it('masks a mobile number and an e-mail address typed into the text', () => {
    expect(scrubPersonalData('请联系 138 0000 5678 或 zhang.san@example.com')).toBe('请联系 138****5678 或 z***@example.com')
  })

  it('leaves dates, case numbers and amounts readable (the automatic reasons carry them)', () => {
    const text = '超期办理：承诺时限截止 2026-11-30，2026-12-01 起黄牌；440204-S1-20261130-0030 收费 50.00 元'
    expect(scrubPersonalData(text)).toBe(text)
  })

  it('leaves a text without personal data as it was', () => {
    const text = '超期办结，未说明理由；窗口未一次性告知补正材料'
    expect(scrubPersonalData(text, [{ name: '李四' }, null])).toBe(text)
  })

  it('does not mask a one-character "name" across the text', () => {
    expect(scrubPersonalData('王牌窗口未按时办结', [{ name: '王' }])).toBe('王牌窗口未按时办结')
  })
})
