import { useI18n } from '../../i18n/index.ts'
import { formatDateTime } from '../../i18n/format.ts'

type Group = 'status' | 'level' | 'stage' | 'procedure' | 'caseType'

/** Labels of the window's codes (status, level, stage, procedure, case type) in the current locale. */
export function useLabels() {
  const { messages, locale } = useI18n()
  const label = (group: Group, code: string | null | undefined): string => {
    if (!code) return '—'
    const table = messages.value.window[group] as Record<string, string>
    return table[code] ?? code
  }
  const time = (iso: string | null | undefined): string => (iso ? formatDateTime(Date.parse(iso), locale.value) : '—')
  return { label, time }
}

/** Element Plus tag type and extra class of a level (yellow gets its own colour). */
export function levelTag(level: string): { type: 'success' | 'warning' | 'danger' | 'info'; cls: string } {
  switch (level) {
    case 'normal':
      return { type: 'success', cls: 'lv-normal' }
    case 'warning':
      return { type: 'warning', cls: 'lv-warning' }
    case 'yellow':
      return { type: 'warning', cls: 'lv-yellow' }
    case 'red':
      return { type: 'danger', cls: 'lv-red' }
    default:
      return { type: 'info', cls: '' }
  }
}
