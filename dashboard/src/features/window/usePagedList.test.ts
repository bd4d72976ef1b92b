import { describe, expect, it } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { ApiError } from '../../api/client.ts'
import { usePagedList, type Page } from './usePagedList.ts'

const flush = async () => {
  for (let i = 0; i < 5; i++) await nextTick()
}

describe('usePagedList', () => {
  it('loads the first page, follows the pager, and goes back to page 1 when a filter changes', async () => {
    const calls: Array<{ status: string; limit: number; offset: number }> = []
    const status = ref('')
    const scope = effectScope()
    const list = scope.run(() =>
      usePagedList<number>(async (limit, offset) => {
        calls.push({ status: status.value, limit, offset })
        return { items: [offset, offset + 1], total: 45 } satisfies Page<number>
      }, [status], 20),
    )!
    await flush()
    expect(calls).toEqual([{ status: '', limit: 20, offset: 0 }])
    expect(list.rows.value).toEqual([0, 1])
    expect(list.total.value).toBe(45)

    list.page.value = 3
    await flush()
    expect(calls.at(-1)).toEqual({ status: '', limit: 20, offset: 40 })

    status.value = 'accepted'
    await flush()
    expect(list.page.value).toBe(1)
    expect(calls.at(-1)).toEqual({ status: 'accepted', limit: 20, offset: 0 })
    expect(list.rows.value).toEqual([0, 1])
    scope.stop()
  })

  it('keeps the rows of the last good answer and shows the error of a failed one, localized', async () => {
    let fail = false
    const scope = effectScope()
    const list = scope.run(() =>
      usePagedList<string>(async () => {
        if (fail) throw new ApiError(403, { code: 'FORBIDDEN', message: '无权访问', messageEn: 'Forbidden' })
        return { items: ['a'], total: 1 }
      }, []),
    )!
    await flush()
    expect(list.error.value).toBeNull()
    fail = true
    await list.load()
    expect(list.error.value).toBe('无权访问')
    expect(list.rows.value).toEqual(['a'])
    expect(list.loading.value).toBe(false)
    fail = false
    await list.load()
    expect(list.error.value).toBeNull()
    scope.stop()
  })
})
