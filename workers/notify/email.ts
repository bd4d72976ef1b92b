/** The e-mail channel: SMTP through nodemailer (`SMTP_URL`, e.g. `smtp://user:pass@mail.example.cn:587`). */
import nodemailer from 'nodemailer'

export interface EmailSender {
  send(to: string, subject: string, text: string): Promise<void>
  close(): void
}

/**
 * An SMTP sender. The URL carries host, port, credentials and TLS (`smtps://` for implicit TLS;
 * `smtp://` upgrades with STARTTLS when the server offers it).
 */
export function createEmailSender(smtpUrl: string, from: string, timeoutMs = 10_000): EmailSender {
  const transport = nodemailer.createTransport(smtpUrl, { from })
  // nodemailer's URL form takes no socket timeouts; set them on the options it parsed
  Object.assign(transport.options, { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs })
  return {
    async send(to, subject, text) {
      await transport.sendMail({ from, to, subject, text })
    },
    close: () => transport.close(),
  }
}
