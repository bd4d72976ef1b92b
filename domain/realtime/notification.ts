/**
 * The payload of `TOPICS.notificationNew` (room `user:<id>`), published by workers/notify.ts when
 * an in-app notification is delivered. The same shape is an item of GET /api/v1/notifications.
 * Versioned: a client ignores versions it does not know.
 */
export interface InAppNotification {
  v: 1
  id: string
  event: string
  subject: 'case' | 'petition' | 'order' | 'urging'
  subjectNo: string
  title: string
  body: string
  link: string | null
  urgent: boolean
  createdAt: string
  readAt: string | null
}
