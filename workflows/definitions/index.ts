export { processOrder } from './process-order';
export { verifyIntegration } from './verify-integration';
export { sweepVerifications } from './sweep-verifications';
export { reconcileOrders } from './reconcile-orders';
export { deliverWebhook } from './deliver-webhook';
export { sweepWebhookEvents } from './sweep-webhook-events';
export { approveDueCommissions } from './approve-due-commissions';
