import nodemailer from 'nodemailer';
import type { Logger } from '../logger';

export type Mail = { to: string; subject: string; text: string };
/** Sends a mail; null when no SMTP_URL is set (the API answers carry the links instead). */
export type Mailer = { send(mail: Mail): Promise<void> } | null;

/** A mailer over SMTP_URL (smtp:// or smtps://, credentials in the URL). A failed send is logged, never the mail's text. */
export function createMailer(smtpUrl: string | null, from: string, log: Logger): Mailer {
  if (!smtpUrl) return null;
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      try {
        await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
      } catch (err) {
        log.warn({ subject: mail.subject, err: (err as Error).message }, 'mail not sent');
      }
    },
  };
}
