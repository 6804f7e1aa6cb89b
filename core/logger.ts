import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs; secrets are redacted wherever they might appear. Tests may pass a destination to read them. */
export function createLogger(options: { level: string; name: string }, destination?: pino.DestinationStream): Logger {
  const settings: pino.LoggerOptions = {
    name: options.name,
    level: options.level,
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        'token',
        'adminToken',
        '*.token',
        'password',
        'secret',
        '*.secret',
        'secretKey',
        '*.secretKey',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(settings, destination) : pino(settings);
}
