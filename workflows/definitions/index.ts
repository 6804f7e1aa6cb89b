export { processOrder } from './process-order';
export { verifyIntegration } from './verify-integration';
