/**
 * Redis keys of the wall's shared state for the deployment with this queue prefix (the same
 * prefix the socket.io channel uses): the current version counter, the current snapshot (JSON of
 * a `WallSnapshot` carrying that version), the publish lock and the time of the last publication.
 * Every worker process publishes through these, so versions are one sequence per deployment.
 *
 * @example wallRedisKeys('sv').version // 'sv:wall:version'
 */
export function wallRedisKeys(queuePrefix: string): { version: string; snapshot: string; lock: string; publishedAt: string } {
  const base = `${queuePrefix}:wall`
  return { version: `${base}:version`, snapshot: `${base}:snapshot`, lock: `${base}:lock`, publishedAt: `${base}:published-at` }
}
