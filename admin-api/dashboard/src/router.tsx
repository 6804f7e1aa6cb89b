import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout } from './layout/app-layout';
import { CouponsPage } from './pages/campaigns/coupons-page';
import { CreatorsPage } from './pages/campaigns/creators-page';
import { LinksPage } from './pages/campaigns/links-page';
import { IntegrationsPage } from './pages/integrations/integrations-page';
import { NotFoundPage } from './pages/not-found-page';
import { OrdersPage } from './pages/orders/orders-page';
import { ReportsPage } from './pages/reports/reports-page';

/** Every page of the dashboard; the admin API answers index.html for each of these paths. */
export const router = createBrowserRouter([
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <Navigate to="/integrations" replace /> },
      { path: 'integrations', element: <IntegrationsPage /> },
      { path: 'creators', element: <CreatorsPage /> },
      { path: 'links', element: <LinksPage /> },
      { path: 'coupons', element: <CouponsPage /> },
      { path: 'orders', element: <OrdersPage /> },
      { path: 'reports', element: <ReportsPage /> },
      // The chart library is loaded only with the page that draws the chart.
      { path: 'reports/:creatorId', lazy: async () => ({ Component: (await import('./pages/reports/creator-report-page')).CreatorReportPage }) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
