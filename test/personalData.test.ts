import { describe, expect, it } from 'vitest'
import { ID_NUMBER, MOBILE_NUMBER, withoutHexTokens } from './personalData.ts'

describe('withoutHexTokens', () => {
  it('blanks a captcha challenge whose hash holds a mobile-like run, and keeps ID and phone numbers', () => {
    const challenge = '{"challenge":"6c9978b0117ffed6555b50081155719860fab14140824796aee46e9046adfc9d","salt":"f0309efe4e350d3d24235373?expires=1796663696&"}'
    expect(challenge).toMatch(MOBILE_NUMBER)
    expect(withoutHexTokens(challenge)).toBe('{"challenge":"<hex>","salt":"<hex>?expires=1796663696&"}')
    expect(withoutHexTokens(challenge)).not.toMatch(MOBILE_NUMBER)
    const text = '身份证 440204199001011234、44020419900101123X，电话13800001111，"phone":"13912345678"'
    expect(withoutHexTokens(text)).toBe(text)
    expect(withoutHexTokens(text).match(new RegExp(ID_NUMBER, 'g'))).toEqual(['440204199001011234', '44020419900101123X'])
    expect(withoutHexTokens(text).match(new RegExp(MOBILE_NUMBER, 'g'))).toEqual(['13800001111', '13912345678'])
  })
})
