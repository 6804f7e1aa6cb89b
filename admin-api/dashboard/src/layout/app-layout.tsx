import { useEffect, useId, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useSession } from '../session/session-context';

const NAV = [
  { to: '/', label: 'Overview' },
  { to: '/integrations', label: 'Integrations' },
  { to: '/creators', label: 'Creators' },
  { to: '/links', label: 'Links' },
  { to: '/coupons', label: 'Coupons' },
  { to: '/orders', label: 'Orders' },
  { to: '/reports', label: 'Reports' },
  { to: '/commissions', label: 'Commissions' },
  { to: '/payouts', label: 'Payouts' },
  { to: '/flags', label: 'Flags' },
  { to: '/webhooks', label: 'Webhooks' },
  { to: '/settings', label: 'Settings' },
  { to: '/members', label: 'Members' },
  { to: '/account', label: 'Account' },
];

/** Header (workspace, who is signed in, Sign out), the sidebar, and the current page. On narrow screens the sidebar folds behind a Menu button. */
export function AppLayout() {
  const { me, signOut } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  const navId = useId();
  const location = useLocation();
  useEffect(() => setMenuOpen(false), [location.pathname]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button type="button" className="menu-button" aria-expanded={menuOpen} aria-controls={navId} onClick={() => setMenuOpen((open) => !open)}>
          Menu
        </button>
        <span className="brand">InfluTrace</span>
        <span className="workspace" title="Workspace">
          {me.workspace.name}
        </span>
        <span className="who">
          {me.user.email} <span className="role">{me.role === 'admin' ? 'Admin' : 'Member'}</span>
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <nav id={navId} className={menuOpen ? 'sidebar open' : 'sidebar'} aria-label="Sidebar">
        <ul>
          {NAV.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.to === '/'} onClick={() => setMenuOpen(false)}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
