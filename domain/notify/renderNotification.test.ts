import { describe, expect, it } from 'vitest'
import { NOTIFICATION_EVENTS, renderNotification } from './renderNotification.ts'

describe('renderNotification', () => {
  it('renders the Chinese texts of an appeal with the order number, department and body', () => {
    const r = renderNotification('order.appealed', { orderNo: 'DB-000007', orderId: 7, departmentCode: '440204-SCJG', actor: '李四', body: '系统故障导致延误' })
    expect(r.title).toBe('【申诉待批示】DB-000007')
    expect(r.body).toBe('440204-SCJG 对督办 DB-000007 提出申诉（李四）：系统故障导致延误。请批示。')
    expect(r.link).toBe('/console/orders/7')
    expect(r.emailSubject).toContain('【申诉待批示】DB-000007')
    expect(r.sms.startsWith('【电子监察】【申诉待批示】')).toBe(true)
  })

  it('names the card colour and whether it was manual', () => {
    const r = renderNotification('card.issued', { color: 'red', subjectNo: 'C-1', departmentCode: 'D', reason: '严重超期', manual: true })
    expect(r.title).toBe('【红牌】办件 C-1')
    expect(r.body).toContain('人工出具红牌：严重超期')
    expect(renderNotification('card.issued', { color: 'yellow', subjectNo: 'C-1', manual: false }).body).toContain('自动出具黄牌')
  })

  it('distinguishes a case urging from a department urging', () => {
    expect(renderNotification('urging.created', { caseNo: 'C-9', actor: '王五', body: '请加快', urgingId: 3 }).title).toBe('【催办】办件 C-9')
    expect(renderNotification('urging.created', { caseNo: null, departmentCode: '440204-ZJJ', actor: '王五', body: '请加快', urgingId: 3 }).body).toBe('王五 催办部门 440204-ZJJ：请加快')
  })

  it('keeps SMS texts to 200 characters and renders every known event without placeholders left', () => {
    const long = renderNotification('order.replied', { orderNo: 'DB-1', actor: 'x', body: '很'.repeat(500) })
    expect(long.sms.length).toBe(200)
    expect(long.sms.endsWith('…')).toBe(true)
    for (const e of NOTIFICATION_EVENTS) {
      const r = renderNotification(e, { orderNo: 'DB-1', orderId: 1, subjectNo: '1', color: 'red' })
      expect(r.title.length, e).toBeGreaterThan(3)
      expect(`${r.title}${r.body}`).not.toMatch(/undefined|null|\{/)
    }
  })

  it('renders an unknown event generically instead of failing', () => {
    expect(renderNotification('something.new', {}).body).toContain('something.new')
  })
})
