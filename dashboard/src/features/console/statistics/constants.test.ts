import { describe, expect, it } from 'vitest'
import * as contract from '../../../../../domain/statistics/contract.ts'
import * as local from './constants.ts'

describe('statistics constants of the page', () => {
  it('are the contract’s lists, in the same order', () => {
    expect(local.STAT_LEVELS).toEqual(contract.STAT_LEVELS)
    expect(local.TYPE_KEYS).toEqual(contract.TYPE_KEYS)
    expect(local.CUSTOM_DIMENSIONS).toEqual(contract.CUSTOM_DIMENSIONS)
    expect(local.CUSTOM_GRAINS).toEqual(contract.CUSTOM_GRAINS)
    expect(local.CUSTOM_MEASURES).toEqual(contract.CUSTOM_MEASURES)
    expect(local.VISIT_SURFACES).toEqual(contract.VISIT_SURFACES)
  })
})
