/**
 * Released migrations never change: every file listed in sql/migrations/manifest.json still has
 * its released text, none was removed, and every migration is listed (so the next change of it is
 * caught). See sql/manifest.ts.
 */
import { describe, expect, it } from 'vitest'
import { loadMigrations } from '../migrate.ts'
import { addMissing, checkManifest, readManifest } from '../manifest.ts'

describe('migration manifest', () => {
  it('lists every migration with its released text, none changed or removed', async () => {
    const [manifest, migrations] = await Promise.all([readManifest(), loadMigrations()])
    const check = checkManifest(manifest, migrations)
    expect(check.changed, 'released migrations were edited: restore their text (git show main:sql/migrations/<file>) and put the change in a new migration').toEqual([])
    expect(check.removed, 'released migrations were removed: they stay').toEqual([])
    expect(check.missing, 'new migrations are not in sql/migrations/manifest.json yet: run `npm run migrations:manifest` and commit the manifest').toEqual([])
  })

  it('catches a changed, a removed and a new migration', () => {
    const manifest = { '001.a.sql': 'aa', '002.b.sql': 'bb', '003.c.sql': 'cc' }
    const disk = [
      { file: '001.a.sql', checksum: 'aa' },
      { file: '002.b.sql', checksum: 'b2' },
      { file: '004.d.sql', checksum: 'dd' },
    ]
    expect(checkManifest(manifest, disk)).toEqual({ changed: ['002.b.sql'], removed: ['003.c.sql'], missing: ['004.d.sql'] })
    expect(checkManifest(manifest, Object.entries(manifest).map(([file, checksum]) => ({ file, checksum })))).toEqual({ changed: [], removed: [], missing: [] })
  })

  it('adds only missing entries, never changes or drops one', () => {
    const manifest = { '001.a.sql': 'aa', '003.c.sql': 'cc' }
    const disk = [
      { file: '001.a.sql', checksum: 'CHANGED' },
      { file: '002.b.sql', checksum: 'bb' },
    ]
    const out = addMissing(manifest, disk)
    expect(out).toEqual({ '001.a.sql': 'aa', '002.b.sql': 'bb', '003.c.sql': 'cc' })
    expect(Object.keys(out)).toEqual(['001.a.sql', '002.b.sql', '003.c.sql'])
    expect(manifest).toEqual({ '001.a.sql': 'aa', '003.c.sql': 'cc' })
  })
})
