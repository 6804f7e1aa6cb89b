import type { Client } from '@temporalio/client';
import type { Db } from '../../core/db';
import { createAttributeOrder } from './attribute-order';
import { createCheckPixelActivity } from './check-pixel-activity';
import { createReconcileActivities } from './reconcile-orders';
import { createRecordOrder } from './record-order';
import { createSweepIntegrations } from './sweep-integrations';
import { createValidateOrder } from './validate-order';

/** Activities are plain async functions built from their dependencies (see the worker). */
export function createActivities(deps: { db: Db; client: Client }) {
  return {
    validateOrder: createValidateOrder(deps.db),
    attributeOrder: createAttributeOrder(deps.db),
    recordOrder: createRecordOrder(deps.db),
    checkPixelActivity: createCheckPixelActivity(deps.db),
    sweepIntegrations: createSweepIntegrations(deps.db),
    ...createReconcileActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
