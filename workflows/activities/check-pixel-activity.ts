import type { Db } from '../../core/db';
import type { IntegrationStatus } from '../../core/domain/rules';
import { connectIfPixelSeen } from '../../core/repositories/integrations';

/** Flips a pending integration to connected once its registered origin has pinged; returns the status. */
export function createCheckPixelActivity(db: Db) {
  return async function checkPixelActivity(integrationId: string): Promise<IntegrationStatus | 'missing'> {
    const integration = await connectIfPixelSeen(db, integrationId);
    return integration?.status ?? 'missing';
  };
}
