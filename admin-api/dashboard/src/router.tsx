import { createBrowserRouter } from 'react-router';
import { AppLayout } from './layout/app-layout';
import { CouponsPage } from './pages/campaigns/coupons-page';
import { CreatorPage } from './pages/campaigns/creator-page';
import { CommissionsPage } from './pages/commissions/commissions-page';
import { PayoutsPage } from './pages/commissions/payouts-page';
import { CreatorsPage } from './pages/campaigns/creators-page';
import { LinksPage } from './pages/campaigns/links-page';
import { FlagsPage } from './pages/flags/flags-page';
import { IntegrationsPage } from './pages/integrations/integrations-page';
import { NotFoundPage } from './pages/not-found-page';
import { OrderDetailPage } from './pages/orders/order-detail-page';
import { OrdersPage } from './pages/orders/orders-page';
import { ReportsPage } from './pages/reports/reports-page';
import { SettingsPage } from './pages/settings/settings-page';
import { WebhooksPage } from './pages/webhooks/webhooks-page';
import { MembersPage } from './pages/members/members-page';
import { AccountPage } from './pages/account/account-page';

/** Every page of the dashboard; the admin API answers index.html for each of these paths. */
export const router = createBrowserRouter([
  {
    path: '/',
    element: <AppLayout />,
    children: [
      // The landing page; it draws a chart, so it comes with the chart library, loaded on its own.
      { index: true, lazy: async () => ({ Component: (await import('./pages/overview/overview-page')).OverviewPage }) },
      { path: 'integrations', element: <IntegrationsPage /> },
      { path: 'creators', element: <CreatorsPage /> },
      { path: 'creators/:id', element: <CreatorPage /> },
      { path: 'commissions', element: <CommissionsPage /> },
      { path: 'payouts', element: <PayoutsPage /> },
      { path: 'links', element: <LinksPage /> },
      { path: 'coupons', element: <CouponsPage /> },
      { path: 'orders', element: <OrdersPage /> },
      { path: 'orders/:id', element: <OrderDetailPage /> },
      { path: 'reports', element: <ReportsPage /> },
      { path: 'flags', element: <FlagsPage /> },
      { path: 'webhooks', element: <WebhooksPage /> },
      { path: 'settings', element: <SettingsPage /> },
      { path: 'members', element: <MembersPage /> },
      { path: 'account', element: <AccountPage /> },
      // The chart library is loaded only with the page that draws the chart.
      { path: 'reports/:creatorId', lazy: async () => ({ Component: (await import('./pages/reports/creator-report-page')).CreatorReportPage }) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
