/**
 * Attachment images of petitions filed on the public site, for staff only:
 *
 *   GET /api/v1/petitions/:petitionNo/attachments      admin, supervisor, department head/staff — the list (no bytes)
 *   GET /api/v1/petitions/:petitionNo/attachments/:n   same roles — one image (each view audited as pii.view)
 *
 * Department scope is enforced in the SQL (visible_departments): a department sees the images of
 * the petitions it handles, 404 otherwise. The image is sent with its checked type, `nosniff`, a
 * sandboxing CSP and `private, no-store`: never cached by a proxy, never run as a page. Nothing
 * here is under /api/v1/public/ and no public answer links to it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { PetitionAttachmentList } from '../../domain/contracts/api/attachments.ts'
import type { AttachmentType } from '../../domain/contracts/api/public.ts'
import { sql } from '../../sql/queries.ts'
import { ATTACHMENT_READERS } from '../auth/roles.ts'
import { AppError } from '../errors.ts'
import { readPersonalData } from '../http/pii.ts'
import { ErrorResponse } from '../schemas.ts'

const Params = Type.Object({ petitionNo: Type.String({ minLength: 1, maxLength: 128 }) })
const EXTENSIONS: Record<AttachmentType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' }

interface AttachmentRow {
  ordinal: number
  content_type: AttachmentType
  byte_size: number
  sha256: string
  created_at: Date
}

const urlOf = (petitionNo: string, n: number) => `/api/v1/petitions/${encodeURIComponent(petitionNo)}/attachments/${n}`

const petitionAttachments: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/petitions/:petitionNo/attachments',
    {
      config: { policy: ATTACHMENT_READERS },
      schema: {
        tags: ['petitions'],
        summary: "A petition's attachment images (from the public site), without their bytes; empty outside your department scope",
        params: Params,
        response: { 200: PetitionAttachmentList, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const rows = (await app.pg.query<AttachmentRow>(sql('petition_attachments'), [req.user!.userId, req.params.petitionNo])).rows
      reply.header('cache-control', 'private, no-store')
      return {
        items: rows.map((r) => ({ n: r.ordinal, contentType: r.content_type, byteSize: r.byte_size, sha256: r.sha256, createdAt: r.created_at.toISOString(), url: urlOf(req.params.petitionNo, r.ordinal) })),
      }
    },
  )

  app.get(
    '/api/v1/petitions/:petitionNo/attachments/:n',
    {
      config: { policy: ATTACHMENT_READERS },
      schema: {
        tags: ['petitions'],
        summary: 'One attachment image of a petition (404 outside your department scope); every view is audited',
        params: Type.Object({ petitionNo: Type.String({ minLength: 1, maxLength: 128 }), n: Type.Integer({ minimum: 1, maximum: 3 }) }),
        response: { 200: Type.Unknown({ description: 'the image (JPEG, PNG or WebP), metadata removed' }), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const { petitionNo, n } = req.params
      const row = await readPersonalData<(AttachmentRow & { data: Buffer }) | undefined>(
        app,
        req,
        { unmasked: true, entity: 'petition', ids: (r) => (r ? [petitionNo] : []), fields: [`attachments/${n}`] },
        async (db) => (await db.query<AttachmentRow & { data: Buffer }>(sql('petition_attachment_get'), [req.user!.userId, petitionNo, n])).rows[0],
      )
      if (!row) throw new AppError('NOT_FOUND')
      return reply
        .header('content-type', row.content_type)
        .header('content-disposition', `inline; filename="${petitionNo.replace(/[^A-Za-z0-9-]/g, '_')}-${n}.${EXTENSIONS[row.content_type]}"`)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cross-origin-resource-policy', 'same-origin')
        .send(row.data)
    },
  )
}

export default petitionAttachments
