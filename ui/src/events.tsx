import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, readSSE } from './api';
import type { JobEvent } from './types';
import { useSession } from './session';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'unavailable';
interface Hub { state: LiveState; subscribe: (fn: (e: JobEvent) => void) => () => void }
const EventsContext = createContext<Hub>({ state: 'connecting', subscribe: () => () => {} });

/** One connection to /api/events per tab, shared by every page; reconnects with backoff. */
export function EventsProvider({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const [state, setState] = useState<LiveState>('connecting');
  const subs = useRef(new Set<(e: JobEvent) => void>());
  const token = session?.token;
  useEffect(() => {
    if (!token) return;
    const ctl = new AbortController();
    let delay = 1000;
    let stopped = false;
    (async () => {
      while (!stopped) {
        try {
          await readSSE('/api/events', (m) => {
            setState('live');
            delay = 1000;
            if (m.event !== 'job' && m.event !== 'stage' && m.event !== 'message') return;
            try {
              const e = JSON.parse(m.data) as JobEvent;
              if (e && e.job_id) subs.current.forEach((fn) => fn(e));
            } catch { /* not an event we understand */ }
          }, ctl.signal);
        } catch (e) {
          if (ctl.signal.aborted) return;
          if (e instanceof ApiError && (e.status === 401 || e.unavailable)) { setState(e.status === 401 ? 'reconnecting' : 'unavailable'); if (e.status === 401) return; }
        }
        if (stopped) return;
        setState((s) => (s === 'unavailable' ? s : 'reconnecting'));
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 15000);
      }
    })();
    return () => { stopped = true; ctl.abort(); };
  }, [token]);
  const hub = useRef<Hub>({ state, subscribe: (fn) => { subs.current.add(fn); return () => { subs.current.delete(fn); }; } });
  return <EventsContext.Provider value={{ ...hub.current, state }}>{children}</EventsContext.Provider>;
}

export function useLiveState() { return useContext(EventsContext).state; }

/** Calls `fn` for every job event; the latest `fn` is used without resubscribing. */
export function useJobEvents(fn: (e: JobEvent) => void) {
  const { subscribe } = useContext(EventsContext);
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => subscribe((e) => ref.current(e)), [subscribe]);
}

/** Calls `fn` at most once per `ms` after job events arrive (for pages that refetch on change). */
export function useDebouncedJobEvents(fn: (e: JobEvent) => void, ms = 800) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);
  useJobEvents((e) => {
    if (timer.current) return;
    timer.current = setTimeout(() => { timer.current = null; latest.current(e); }, ms);
  });
}
