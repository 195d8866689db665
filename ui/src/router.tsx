/**
 * A small history router (the few parts of react-router this UI needs): location, navigation, links,
 * search params and path params. The server answers index.html for every non-/api path.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type AnchorHTMLAttributes, type ReactNode } from 'react';

export interface Loc { pathname: string; search: string; state: unknown }
interface NavOpts { replace?: boolean; state?: unknown }
interface RouterCtx { loc: Loc; navigate: (to: string, opts?: NavOpts) => void }

const Ctx = createContext<RouterCtx | null>(null);
const Params = createContext<Record<string, string>>({});

const read = (): Loc => ({ pathname: window.location.pathname, search: window.location.search, state: window.history.state?.usr ?? null });

export function Router({ children }: { children: ReactNode }) {
  const [loc, setLoc] = useState<Loc>(read);
  useEffect(() => {
    const on = () => setLoc(read());
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  const navigate = useCallback((to: string, opts: NavOpts = {}) => {
    const url = new URL(to, window.location.href);
    const same = url.pathname === window.location.pathname;
    window.history[opts.replace ? 'replaceState' : 'pushState']({ usr: opts.state ?? null }, '', url.pathname + url.search + url.hash);
    setLoc(read());
    if (!same && !opts.replace) window.scrollTo?.(0, 0);
  }, []);
  const value = useMemo(() => ({ loc, navigate }), [loc, navigate]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

function useRouter(): RouterCtx {
  const c = useContext(Ctx);
  if (!c) throw new Error('used outside <Router>');
  return c;
}

export const useLocation = () => useRouter().loc;
export const useNavigate = () => useRouter().navigate;
export const useParams = () => useContext(Params);

export function useSearchParams(): [URLSearchParams, (p: URLSearchParams, o?: NavOpts) => void] {
  const { loc, navigate } = useRouter();
  const params = useMemo(() => new URLSearchParams(loc.search), [loc.search]);
  const set = useCallback((p: URLSearchParams, o?: NavOpts) => { const s = p.toString(); navigate(loc.pathname + (s ? `?${s}` : ''), o); }, [loc.pathname, navigate]);
  return [params, set];
}

/** Matches "/jobs/:id" against a path; returns the params or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split('/').filter(Boolean);
  const b = path.split('/').filter(Boolean);
  if (a.length !== b.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith(':')) { try { out[a[i].slice(1)] = decodeURIComponent(b[i]); } catch { return null; } }
    else if (a[i] !== b[i]) return null;
  }
  return out;
}

/** Renders the first route whose pattern matches the current path, with its params. */
export function Switch({ routes, fallback }: { routes: [string, () => ReactNode][]; fallback: () => ReactNode }) {
  const { pathname } = useLocation();
  for (const [pattern, render] of routes) {
    const p = matchPath(pattern, pathname);
    if (p) return <Params.Provider value={p}>{render()}</Params.Provider>;
  }
  return <>{fallback()}</>;
}

export function Navigate({ to, replace, state }: { to: string; replace?: boolean; state?: unknown }) {
  const navigate = useNavigate();
  useEffect(() => { navigate(to, { replace, state }); }, [to]); // eslint-disable-line react-hooks/exhaustive-deps
  return null;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string; replace?: boolean };

export function Link({ to, replace, onClick, ...rest }: LinkProps) {
  const navigate = useNavigate();
  return (
    <a
      {...rest}
      href={to}
      onClick={(e) => {
        onClick?.(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || rest.target) return;
        e.preventDefault();
        navigate(to, { replace });
      }}
    />
  );
}

export function NavLink({ to, end, className, ...rest }: LinkProps & { end?: boolean }) {
  const { pathname } = useLocation();
  const active = end ? pathname === to : pathname === to || pathname.startsWith(to.endsWith('/') ? to : `${to}/`);
  return <Link {...rest} to={to} className={[className, active ? 'active' : ''].filter(Boolean).join(' ') || undefined} aria-current={active ? 'page' : undefined} />;
}
