/** Public paths that stores, scripts and tests call: keep them stable. */
export const PIXEL_PATH = '/api/v1/integrations/custom/t.js';
export const EVENTS_PATH = '/api/v1/integrations/custom/events';
export const INTEGRATION_CHANGED_CHANNEL = 'integration-changed';
