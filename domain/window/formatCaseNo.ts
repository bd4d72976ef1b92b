/**
 * The receipt number (受理编号) of a case registered at the window: the department code, the
 * registration year (local, in the jurisdiction's zone) and a running number of six digits per
 * department and year, e.g. `440204-SCJG-2026-000123`. (The simulator's numbers look like
 * `440204-S<seed>-<date>-0001`, so the two never collide.)
 *
 * @param seq - 1-based running number; more than six digits are kept in full
 * @example
 * formatCaseNo('440204-SCJG', 2026, 123) // => '440204-SCJG-2026-000123'
 */
export function formatCaseNo(departmentCode: string, year: number, seq: number): string {
  return `${departmentCode}-${year}-${String(seq).padStart(6, '0')}`
}
