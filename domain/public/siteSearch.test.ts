import { describe, expect, it } from 'vitest'
import { excerpt, likePattern, searchTerms } from './siteSearch.ts'

describe('site search helpers', () => {
  it('splits a query on spaces and Chinese punctuation, distinct, longest first, at most five', () => {
    expect(searchTerms(' 营业执照，食品  营业执照 ')).toEqual(['营业执照', '食品'])
    expect(searchTerms('ａｂｃ 1 2 3 4 5 6')).toEqual(['abc', '1', '2', '3', '4'])
    expect(searchTerms(' ，。 ')).toEqual([])
  })

  it('escapes ILIKE wildcards', () => {
    expect(likePattern('100%_\\')).toBe('%100\\%\\_\\\\%')
    expect(likePattern('食品')).toBe('%食品%')
  })

  it('cuts an excerpt around the first match', () => {
    expect(excerpt('甲乙丙丁戊己庚辛', ['丁'], 1)).toBe('…丙丁戊…')
    expect(excerpt('abc DEF ghi', ['def'], 100)).toBe('abc DEF ghi')
    expect(excerpt('甲乙丙', ['无'], 1)).toBe('甲乙…')
  })
})
