import { proxySinks, type Sinks } from '@temporalio/workflow';

/** Tells the bench, in the worker's process, that a workflow ran (so the loop needs no result poll). */
export interface LoopSinks extends Sinks {
  loop: { ran(): void };
}

const { loop } = proxySinks<LoopSinks>();

/** Temporal's own floor: a workflow that does nothing, one per item (see bench/empty-workflow-loop.ts). */
export async function emptyWorkflow(): Promise<void> {
  loop.ran();
}
