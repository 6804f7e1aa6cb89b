import { expect } from 'chai';
import { lazyTemporalClient } from '../../core/temporal-client';
import { testConfig } from '../support/test-config';

describe('a Temporal client connected on first use', function () {
  this.timeout(30_000);

  it('connects once and hands the same client to callers that asked at the same time and later', async () => {
    const lazy = lazyTemporalClient(testConfig().temporal);
    try {
      const [first, second] = await Promise.all([lazy.get(), lazy.get()]);
      expect(second).to.equal(first);
      expect(await lazy.get()).to.equal(first);
      expect(await first.connection.workflowService.getSystemInfo({})).to.have.property('capabilities');
    } finally {
      await lazy.close();
    }
  });

  it('refuses a caller after it was closed, without connecting', async () => {
    const lazy = lazyTemporalClient(testConfig().temporal);
    await lazy.close();
    const refused = await lazy.get().catch((err: unknown) => err as Error);
    expect(refused).to.be.instanceOf(Error).with.property('message', 'the Temporal client was closed');
  });
});
