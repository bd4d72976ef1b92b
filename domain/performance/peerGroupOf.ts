import type { PeerGroup, PerformanceScheme } from './types.ts'

/**
 * A department's peer group: the scheme's assignment when it names the department, else towns and
 * street offices (kind `town` / `street`) together and every other department among the county
 * departments. Vertically managed bureaus (垂直管理: police, tax, …) are named in the scheme.
 */
export function peerGroupOf(departmentCode: string, kind: string, scheme: Pick<PerformanceScheme, 'peerGroups'>): PeerGroup {
  const named = scheme.peerGroups[departmentCode]
  if (named !== undefined) return named
  return kind === 'town' || kind === 'street' ? 'townsStreets' : 'county'
}
