import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from '../core/logger';

let installed = false;

const toPino: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/** Routes the Temporal SDK's logs (worker and workflow `log`) into our structured logger. Once per process. */
export function installTemporalRuntimeLogger(log: Logger): void {
  if (installed) return;
  installed = true;
  const level = (log.level === 'silent' || log.level === 'fatal' ? 'ERROR' : log.level.toUpperCase()) as LogLevel;
  Runtime.install({
    logger: new DefaultLogger(level in toPino ? level : 'INFO', (entry) => {
      log[toPino[entry.level]]({ ...entry.meta, temporal: true }, entry.message);
    }),
  });
}
