import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { NavLink, useLocation } from './router';
import { useLiveState } from './events';
import { hasRole, useSession } from './session';

const LIVE: Record<string, string> = { live: 'Live', connecting: 'Connecting', reconnecting: 'Reconnecting', unavailable: 'No live updates' };

export function Layout({ children }: { children: ReactNode }) {
  const { session, logout } = useSession();
  const live = useLiveState();
  const [open, setOpen] = useState(false);
  const loc = useLocation();
  useEffect(() => setOpen(false), [loc.pathname]);
  useEffect(() => { document.getElementById('main')?.focus({ preventScroll: true }); }, [loc.pathname]);
  return (
    <div className="shell">
      <a className="skip" href="#main">Skip to content</a>
      <header className="topbar">
        <NavLink to="/" className="brand" aria-label="Matrix Architect home"><span className="logo" aria-hidden="true">M</span><span className="brand-text">Matrix Architect</span></NavLink>
        <button type="button" className="menu-btn" aria-expanded={open} aria-controls="nav" onClick={() => setOpen((o) => !o)}>Menu</button>
        <nav id="nav" className={open ? 'nav open' : 'nav'} aria-label="Main">
          <NavLink to="/" end>Dashboard</NavLink>
          <NavLink to="/jobs" end>Jobs</NavLink>
          {hasRole(session, 'operator') && <NavLink to="/jobs/new">New job</NavLink>}
          <NavLink to="/approvals">Approvals</NavLink>
          <NavLink to="/deployments">Deployments</NavLink>
          <NavLink to="/settings">Settings</NavLink>
        </nav>
        <div className="user">
          <span className={`live live-${live}`} title="Live updates from the server" aria-live="polite"><span className="dot" aria-hidden="true" />{LIVE[live]}</span>
          <span className="who">{session?.username} <span className="role">{session?.role}</span></span>
          <button type="button" onClick={logout}>Sign out</button>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="content">
        {children}
      </main>
    </div>
  );
}
