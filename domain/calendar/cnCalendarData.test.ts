import { describe, expect, it } from 'vitest'
import { CN_CALENDAR_DATA } from './cnCalendarData.ts'
import { cnWorkCalendar } from './cnWorkCalendar.ts'
import { fromEpochDay } from './fromEpochDay.ts'
import { isoDayOfWeek } from './isoDayOfWeek.ts'
import { toEpochDay } from './toEpochDay.ts'

/** Weekdays off and weekend days worked in a year, read from the built calendar day by day. */
function departures(year: number) {
  const cal = cnWorkCalendar()
  const weekdaysOff: string[] = []
  const weekendsWorked: string[] = []
  for (let d = toEpochDay(`${year}-01-01`); d <= toEpochDay(`${year}-12-31`); d++) {
    const weekend = isoDayOfWeek(d) >= 6
    if (!weekend && !cal.isWorkday(d)) weekdaysOff.push(fromEpochDay(d).slice(5))
    if (weekend && cal.isWorkday(d)) weekendsWorked.push(fromEpochDay(d).slice(5))
  }
  return { weekdaysOff, weekendsWorked }
}

describe('CN_CALENDAR_DATA', () => {
  it('ships the official years 2015–2026 from chinese-days (MIT)', () => {
    expect(CN_CALENDAR_DATA.years.map((y) => y.year)).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026])
    expect(CN_CALENDAR_DATA.source).toMatchObject({ package: 'chinese-days', version: '1.5.7', license: 'MIT' })
  })

  // 国务院办公厅关于2025年部分节假日安排的通知: 元旦 1 Jan; 春节 28 Jan–4 Feb (26 Jan, 8 Feb worked);
  // 清明 4–6 Apr; 劳动节 1–5 May (27 Apr worked); 端午 31 May–2 Jun; 国庆+中秋 1–8 Oct (28 Sep, 11 Oct worked)
  it('matches the 2025 notice on every day of the year', () => {
    expect(departures(2025)).toEqual({
      weekdaysOff: ['01-01', '01-28', '01-29', '01-30', '01-31', '02-03', '02-04', '04-04', '05-01', '05-02', '05-05', '06-02', '10-01', '10-02', '10-03', '10-06', '10-07', '10-08'],
      weekendsWorked: ['01-26', '02-08', '04-27', '09-28', '10-11'],
    })
  })

  // 2026: 元旦 1–3 Jan (4 Jan worked); 春节 15–23 Feb (14, 28 Feb worked); 清明 4–6 Apr; 劳动节 1–5 May
  // (9 May worked); 端午 19–21 Jun; 中秋 25–27 Sep; 国庆 1–7 Oct (20 Sep, 10 Oct worked)
  it('matches the 2026 notice on every day of the year', () => {
    expect(departures(2026)).toEqual({
      weekdaysOff: ['01-01', '01-02', '02-16', '02-17', '02-18', '02-19', '02-20', '02-23', '04-06', '05-01', '05-04', '05-05', '06-19', '09-25', '10-01', '10-02', '10-05', '10-06', '10-07'],
      weekendsWorked: ['01-04', '02-14', '02-28', '05-09', '09-20', '10-10'],
    })
  })

  it('names holidays in Chinese and English', () => {
    const y2026 = CN_CALENDAR_DATA.years.find((y) => y.year === 2026)!
    expect(y2026.holidays.find((h) => h.date === '2026-02-17')).toEqual({ date: '2026-02-17', name: '春节', nameEn: 'Spring Festival' })
    expect(y2026.adjustedWorkdays.find((h) => h.date === '2026-09-20')).toEqual({ date: '2026-09-20', name: '国庆节', nameEn: 'National Day' })
  })

  it('has the 2020 Spring Festival extension (to 2 Feb, 1 Feb no longer worked)', () => {
    expect(departures(2020).weekdaysOff.filter((d) => d.startsWith('01') || d.startsWith('02'))).toEqual(['01-01', '01-24', '01-27', '01-28', '01-29', '01-30', '01-31'])
    expect(departures(2020).weekendsWorked).not.toContain('02-01')
  })
})
