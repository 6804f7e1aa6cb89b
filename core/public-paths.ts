/** Public paths that stores, scripts and tests call: keep them stable. */
export const PIXEL_PATH = '/api/v1/integrations/custom/t.js';
export const EVENTS_PATH = '/api/v1/integrations/custom/events';
/** The store's server reports orders and refunds here, with an integration secret key. */
export const SERVER_ORDERS_PATH = '/api/v1/integrations/custom/orders';
export const SERVER_REFUNDS_PATH = '/api/v1/integrations/custom/refunds';
export const INTEGRATION_CHANGED_CHANNEL = 'integration-changed';
