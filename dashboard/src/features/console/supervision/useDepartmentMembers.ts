import { shallowRef, watch, type ShallowRef } from 'vue'
import { departmentsApi, supervisionApi, type DepartmentMember, type DepartmentOption } from './api.ts'

export interface UseDepartmentMembersReturn {
  /** Departments the supervisor may address (loaded once, by `loadDepartments`). */
  departments: Readonly<ShallowRef<DepartmentOption[]>>
  /** Active staff of the chosen department. */
  members: Readonly<ShallowRef<DepartmentMember[]>>
  loadDepartments(): Promise<void>
}

/**
 * The department → person pickers of the order and urging dialogs: the departments once, and the
 * chosen department's members each time it changes (`onChange` first clears the person chosen).
 */
export function useDepartmentMembers(departmentCode: () => string, onChange: () => void): UseDepartmentMembersReturn {
  const departments = shallowRef<DepartmentOption[]>([])
  const members = shallowRef<DepartmentMember[]>([])
  watch(departmentCode, async (code) => {
    onChange()
    members.value = code ? await supervisionApi.members(code).catch(() => []) : []
  })
  return {
    departments,
    members,
    async loadDepartments() {
      if (departments.value.length === 0) departments.value = await departmentsApi().catch(() => [])
    },
  }
}
