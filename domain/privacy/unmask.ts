/**
 * Who may see citizens' personal data in clear: supervisors (监察员) and administrators, and only
 * on explicit request (`?unmask=1`), each view audited. Everyone else always gets masked values;
 * public routes never carry personal data at all.
 */
export const UNMASK_ROLES = ['admin', 'supervisor'] as const

/**
 * Whether a principal with these roles may ask for unmasked personal data.
 *
 * @example mayUnmask(['supervisor']) // true
 * @example mayUnmask(['leader', 'department_head']) // false
 */
export function mayUnmask(roles: readonly string[]): boolean {
  return roles.some((r) => (UNMASK_ROLES as readonly string[]).includes(r))
}
