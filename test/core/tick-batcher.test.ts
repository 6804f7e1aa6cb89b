import { expect } from 'chai';
import { createTickBatcher } from '../../core/tick-batcher';

describe('tick batcher (one Redis command for the items of one moment)', () => {
  it('hands the items added in one turn of the event loop to a single flush, in order', async () => {
    const flushed: number[][] = [];
    const batcher = createTickBatcher<number>({ maxItems: 100, flush: async (items) => void flushed.push(items) });
    await Promise.all([1, 2, 3].map((n) => batcher.add(n)));
    await batcher.add(4);
    expect(flushed).to.deep.equal([[1, 2, 3], [4]]);
  });

  it('starts a new batch once one is full', async () => {
    const flushed: number[][] = [];
    const batcher = createTickBatcher<number>({ maxItems: 2, flush: async (items) => void flushed.push(items) });
    await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.add(n)));
    expect(flushed).to.deep.equal([[1, 2], [3, 4], [5]]);
  });

  it('resolves an add only after its flush finished', async () => {
    let release!: () => void;
    const batcher = createTickBatcher<string>({ maxItems: 10, flush: () => new Promise<void>((resolve) => (release = resolve)) });
    let resolved = false;
    const added = batcher.add('a').then(() => (resolved = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(resolved).to.equal(false);
    release();
    await added;
    expect(resolved).to.equal(true);
  });

  it('rejects every add of a batch whose flush failed, and only those', async () => {
    let calls = 0;
    const batcher = createTickBatcher<string>({
      maxItems: 10,
      flush: async () => {
        calls += 1;
        if (calls === 1) throw new Error('redis is away');
      },
    });
    const first = await Promise.allSettled([batcher.add('a'), batcher.add('b')]);
    expect(first.map((r) => r.status)).to.deep.equal(['rejected', 'rejected']);
    await batcher.add('c');
  });

  it('drain waits for batches already flushing', async () => {
    let finished = false;
    const batcher = createTickBatcher<string>({
      maxItems: 10,
      flush: async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        finished = true;
      },
    });
    void batcher.add('a');
    await batcher.drain();
    expect(finished).to.equal(true);
  });

  it("resolves each add with its own item's result when the flush returns one per item", async () => {
    const batcher = createTickBatcher<number, string>({ maxItems: 10, flush: async (items) => items.map((n) => `result ${n}`) });
    expect(await Promise.all([1, 2, 3].map((n) => batcher.add(n)))).to.deep.equal(['result 1', 'result 2', 'result 3']);
  });
});
