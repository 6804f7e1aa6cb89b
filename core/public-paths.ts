/** Public paths that stores, scripts and tests call: keep them stable. */
export const PIXEL_PATH = '/api/v1/integrations/custom/t.js';
export const EVENTS_PATH = '/api/v1/integrations/custom/events';
/** The store's server reports orders and refunds here, with an integration secret key. */
export const SERVER_ORDERS_PATH = '/api/v1/integrations/custom/orders';
export const SERVER_REFUNDS_PATH = '/api/v1/integrations/custom/refunds';
/** Ingest's own OpenAPI document (the admin API serves its own at the same path on its host). */
export const INGEST_OPENAPI_PATH = '/api/v1/openapi.json';
export const INTEGRATION_CHANGED_CHANNEL = 'integration-changed';
