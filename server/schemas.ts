import Type from 'typebox'

/** The body of every 4xx/5xx: a catalogue code and the message in Chinese and English. */
export const ErrorResponse = Type.Object({
  code: Type.String(),
  message: Type.String(),
  messageEn: Type.String(),
  detail: Type.Optional(Type.String()),
})
