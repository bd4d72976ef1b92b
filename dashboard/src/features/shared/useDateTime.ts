import { useI18n } from '../../i18n/index.ts'
import { formatDateTime } from '../../i18n/format.ts'

/** `dt(iso)`: an ISO instant from the API in the display zone and the current locale ('' for null). */
export function useDateTime(): { dt: (iso: string | null | undefined) => string } {
  const { locale } = useI18n()
  return { dt: (iso) => (iso ? formatDateTime(Date.parse(iso), locale.value) : '') }
}
