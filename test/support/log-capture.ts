import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../core/logger';

/** A logger built like production's (same redaction), writing its JSON lines into memory for the test to read. */
export function captureLogs(level = 'debug'): { log: Logger; text(): string; lineCount(): number } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const log = createLogger({ level, name: 'captured' }, sink);
  return {
    log,
    text: () => chunks.join(''),
    lineCount: () => chunks.join('').split('\n').filter(Boolean).length,
  };
}
