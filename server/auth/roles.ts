/**
 * Role groups of the server's policy. The roles themselves are the contract's
 * (domain/contracts/roles.ts, shared with the dashboard); re-exported here for the server's files.
 */
import { USER_ROLES, type UserRole } from '../../domain/contracts/roles.ts'

export { ALL_ROLES, isUserRole, USER_ROLES, type Role, type UserRole } from '../../domain/contracts/roles.ts'

/** Every logged-in user, whatever the role (own profile, logout, password change). */
export const ANY_USER: readonly UserRole[] = USER_ROLES
/** Roles that read cases and petitions (each within its department scope). */
export const CASE_READERS: readonly UserRole[] = ['admin', 'supervisor', 'leader', 'department_head', 'department_staff']
/**
 * Roles that see the attachment images of a complaint (personal data): the supervision office
 * (supervisors, admins) and the department handling it (its staff and head, within their scope).
 * Not leaders or displays, and never the public.
 */
export const ATTACHMENT_READERS: readonly UserRole[] = ['admin', 'supervisor', 'department_head', 'department_staff']
