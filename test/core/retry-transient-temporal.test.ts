import { expect } from 'chai';
import { ServiceError } from '@temporalio/client';
import { createLogger } from '../../core/logger';
import { retryTransientTemporal } from '../../core/retry-transient-temporal';

/** What the Temporal client throws when the server misses a deadline: a ServiceError whose cause carries the gRPC code. */
function temporalError(code: number, details: string): ServiceError {
  return new ServiceError(`Failed to describe schedule`, { cause: Object.assign(new Error(`${code} ${details}`), { code, details }) });
}

describe('retrying a Temporal call that failed transiently', () => {
  const log = createLogger({ level: 'silent', name: 'test' });

  it('tries again after DEADLINE_EXCEEDED and UNAVAILABLE, and returns what the call finally answered', async () => {
    const failures = [temporalError(4, 'context deadline exceeded'), temporalError(14, 'unavailable')];
    let calls = 0;
    const result = await retryTransientTemporal(
      async () => {
        calls++;
        const failure = failures.shift();
        if (failure) throw failure;
        return 'created';
      },
      { what: 'ensure schedule', log, firstDelayMs: 1 },
    );
    expect(result).to.equal('created');
    expect(calls).to.equal(3);
  });

  it('throws any other error at once, without trying again', async () => {
    let calls = 0;
    const invalid = temporalError(3, 'invalid argument');
    const thrown = await retryTransientTemporal(
      async () => {
        calls++;
        throw invalid;
      },
      { what: 'ensure schedule', log, firstDelayMs: 1 },
    ).catch((err: unknown) => err);
    expect(thrown).to.equal(invalid);
    expect(calls).to.equal(1);
  });

  it('gives up after the last attempt and throws its error', async () => {
    let calls = 0;
    const thrown = await retryTransientTemporal(
      async () => {
        calls++;
        throw temporalError(4, `deadline ${calls}`);
      },
      { what: 'ensure schedule', log, attempts: 3, firstDelayMs: 1 },
    ).catch((err: unknown) => err as ServiceError);
    expect(calls).to.equal(3);
    expect((thrown as ServiceError).cause).to.have.property('details', 'deadline 3');
  });
});
