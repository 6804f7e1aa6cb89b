import type { Commission, CommissionSettings } from './commission-types';

/** What the admin API answers, as the dashboard reads it (see GET /api/v1/openapi.json). */
export type Role = 'admin' | 'member';

export type Me = { workspace: { id: string; name: string }; user: { id: string; email: string; twoFactor: boolean }; role: Role };

export type IntegrationStatus = 'pending' | 'connected' | 'disconnected';

export type OriginSeen = { origin: string; lastSeenAt: string; lastUrl: string | null; pings: number };

export type Integration = {
  id: string;
  type: 'custom';
  status: IntegrationStatus;
  websiteUrl: string;
  origin: string;
  snippet: string;
  serverSnippet: string;
  requireServerConfirmation: boolean;
  confirmationWindowHours: number;
  createdAt: string;
  connectedAt: string | null;
  disconnectedAt: string | null;
  lastPixelActivityAt: string | null;
  originsSeen?: OriginSeen[];
};

/** A secret key of an integration, for the store's server; the secret itself only in the answer that creates it. */
export type IntegrationKey = { id: string; name: string; lastFour: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };
export type CreatedIntegrationKey = Pick<IntegrationKey, 'id' | 'name' | 'lastFour' | 'createdAt'> & { key: string };

export type VerifyAnswer =
  | { id: string; status: 'connected' }
  | { id: string; status: 'pending'; message: string; registeredOrigin: string; originsSeen: OriginSeen[]; polling: boolean; pollingForMinutes: number };

export type Page<T> = { data: T[]; nextCursor: string | null };

export type Creator = { id: string; name: string; createdAt: string };
export type Link = { id: string; code: string; url: string; creatorId: string; destinationUrl: string; integrationIds: string[]; createdAt: string };
export type Coupon = { id: string; code: string; creatorId: string; integrationIds: string[]; createdAt: string };

export type Order = {
  id: string;
  orderId: string;
  integrationId: string;
  status: 'credited' | 'skipped' | 'pending';
  reason?: string;
  creatorId?: string;
  attributedBy?: 'coupon' | 'link';
  linkId?: string;
  couponCode?: string;
  value: number;
  currency: string;
  refundedValue: number;
  netValue: number;
  confirmed: boolean;
  reportedAt: string;
  processedAt: string;
};

export type CreatorReportRow = {
  creatorId: string;
  name: string;
  clicks: number;
  /** Clicks that were their visitor's first on the link in the UTC day. */
  uniqueClicks: number;
  orders: number;
  /** Gross, per currency; then what refunds took back of it, and what is left. */
  revenue: Record<string, number>;
  refunded: Record<string, number>;
  netRevenue: Record<string, number>;
  /** Orders / uniqueClicks. */
  conversionRate: number | null;
};

export type RevenueDay = { day: string; currency: string; orders: number; revenueMinor: number; revenue: number };
export type RevenueSeries = { creatorId: string; name: string; from: string; to: string; data: RevenueDay[] };

export type WorkspaceSettings = { id: string; name: string; attributionWindowDays: number; requireTwoFactor: boolean } & CommissionSettings;

export type FlagKind = 'cross_integration_duplicate' | 'changed_repeat' | 'attribution_overridden';
export type OrderFlag = {
  id: string;
  kind: FlagKind;
  integrationId: string;
  orderId: string;
  details: Record<string, unknown>;
  createdAt: string;
  order: { id: string; status: 'credited' | 'skipped' | 'pending'; value: number; currency: string } | null;
};

export type MoneyTotals = { currency: string; gross: number; refunded: number; net: number };
export type OverviewDay = { day: string; clicks: number; uniqueClicks: number; creditedOrders: number; revenue: MoneyTotals[] };
export type OverviewCreator = { creatorId: string; name: string; creditedOrders: number; revenue: MoneyTotals[] };
export type Overview = {
  from: string;
  to: string;
  clicks: number;
  uniqueClicks: number;
  creditedOrders: number;
  revenue: MoneyTotals[];
  days: OverviewDay[];
  topCreators: OverviewCreator[];
};

export const WEBHOOK_EVENT_TYPES = [
  'order.credited',
  'order.skipped',
  'order.refunded',
  'integration.connected',
  'integration.disconnected',
  'webhook.test',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export type WebhookEndpoint = {
  id: string;
  url: string;
  events: WebhookEventType[];
  status: 'enabled' | 'disabled';
  disabledReason: 'gone' | 'failing' | 'manual' | null;
  createdAt: string;
  updatedAt: string;
};
export type WebhookDelivery = {
  id: string;
  eventId: string;
  type: WebhookEventType;
  attempt: number;
  status: 'pending' | 'succeeded' | 'failed';
  responseStatus: number | null;
  durationMs: number | null;
  error: 'timeout' | 'connection_failed' | 'url_refused' | null;
  createdAt: string;
};

export type OrderReport = {
  reportId: string;
  source: 'pixel' | 'server';
  receivedAt: string;
  value: number;
  currency: string;
  outcome: 'credited' | 'skipped' | 'duplicate' | 'pending' | null;
  reason: string | null;
};
export type OrderRefund = {
  refundId: string;
  source: 'server' | 'admin';
  value: number;
  currency: string;
  receivedAt: string;
  applied: boolean | null;
  appliedValue: number;
  reason: 'exceeds_order_value' | 'currency_mismatch' | 'awaiting_order' | null;
};
export type OrderDetail = Order & {
  reports: OrderReport[];
  refunds: OrderRefund[];
  flags: Pick<OrderFlag, 'kind' | 'integrationId' | 'orderId' | 'details' | 'createdAt'>[];
  workflowId: string;
  commissions: Commission[];
  /** Only when the admin API is configured with TEMPORAL_UI_URL. */
  workflowUrl?: string;
};

/** People sign in (DESIGN.md "People sign in"). */
export type SignedIn = { email: string; workspace: { id: string; name: string }; role: Role };
export type Invitation = { id: string; email: string; role: Role; createdAt: string; expiresAt: string };
export type CreatedInvitation = Omit<Invitation, 'createdAt'> & { acceptUrl: string };
export type SessionInfo = { id: string; createdAt: string; lastSeenAt: string; userAgent: string | null; current: boolean };
export type Member = { id: string; email: string; role: Role; createdAt: string };
