import { ERRORS, errorBody, type ErrorCode } from '../domain/errors.ts'

/** An error with a catalogue code; the error handler turns it into its status and bilingual body. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly detail: string | undefined
  constructor(code: ErrorCode, detail?: string) {
    super(`${code}${detail ? `: ${detail}` : ''}`)
    this.code = code
    this.status = ERRORS[code].status
    this.detail = detail
  }
  toBody() {
    return errorBody(this.code, this.detail)
  }
}
