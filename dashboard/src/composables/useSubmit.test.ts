import { describe, expect, it } from 'vitest'
import { effectScope } from 'vue'
import { ApiError } from '../api/client.ts'
import { useSubmit } from './useSubmit.ts'

describe('useSubmit', () => {
  it('is busy while the action runs, keeps the localized error of a failure and clears it on the next try', async () => {
    let release!: () => void
    let fail = true
    const scope = effectScope()
    const s = scope.run(() =>
      useSubmit(async () => {
        await new Promise<void>((r) => (release = r))
        if (fail) throw new ApiError(409, { code: 'ORDER_CLOSED', message: '督办单已办结', messageEn: 'The order is closed' })
      }),
    )!
    const first = s.submit()
    expect(s.busy.value).toBe(true)
    release()
    await first
    expect(s.busy.value).toBe(false)
    expect(s.error.value).toBe('督办单已办结')

    fail = false
    const second = s.submit()
    expect(s.error.value).toBeNull()
    release()
    await second
    expect(s.error.value).toBeNull()
    expect(s.busy.value).toBe(false)
    scope.stop()
  })
})
