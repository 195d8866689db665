import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { loadSession, onSessionChange, setSession, type Session } from './api';

interface Ctx { session: Session | null; notice: string | null; logout: () => void; clearNotice: () => void }
const SessionContext = createContext<Ctx>({ session: null, notice: null, logout: () => {}, clearNotice: () => {} });

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, set] = useState<Session | null>(() => loadSession());
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => onSessionChange((s, reason) => { set(s); if (reason) setNotice(reason); else if (s) setNotice(null); }), []);
  // A token that runs out while the page is open sends the person back to the login page with a sentence.
  useEffect(() => {
    if (!session?.expiresAt) return;
    const ms = session.expiresAt - Date.now();
    if (ms > 2 ** 31 - 1) return;
    const t = setTimeout(() => setSession(null, 'Your session has expired. Please sign in again.'), Math.max(ms, 0));
    return () => clearTimeout(t);
  }, [session]);
  const value: Ctx = {
    session,
    notice,
    logout: () => setSession(null, 'You have signed out.'),
    clearNotice: () => setNotice(null),
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export const useSession = () => useContext(SessionContext);

const RANK: Record<string, number> = { viewer: 1, operator: 2, admin: 3 };
/** True when the signed-in role is at least `role` (viewer < operator < admin). */
export function hasRole(session: Session | null, role: 'viewer' | 'operator' | 'admin'): boolean {
  return !!session && (RANK[session.role] ?? 0) >= RANK[role];
}
