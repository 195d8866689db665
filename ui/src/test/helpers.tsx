import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import { setSession } from '../api';
import { Router } from '../router';
import { SessionProvider } from '../session';

type Handler = (url: URL, init: RequestInit) => Response | undefined | Promise<Response | undefined>;

export const jsonResponse = (body: unknown, status = 200, type = 'application/json') =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': type } });
export const problem = (status: number, detail: string, errors?: { field: string; message: string }[]) =>
  jsonResponse({ type: 'about:blank', title: 'Error', status, detail, ...(errors ? { errors } : {}) }, status, 'application/problem+json');

/** Replaces fetch: the first handler that answers wins; anything else is a 404 problem. Returns the call log. */
export function mockFetch(...handlers: Handler[]) {
  const calls: { url: URL; init: RequestInit }[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    calls.push({ url, init });
    for (const h of handlers) {
      const r = await h(url, init);
      if (r) return r;
    }
    return problem(404, `No endpoint ${url.pathname}`);
  });
  vi.stubGlobal('fetch', fn);
  return calls;
}

export function signIn(role = 'admin', username = 'admin') {
  setSession({ token: 'test-token', username, role, expiresAt: Date.now() + 3600_000 });
}

export function renderAt(path: string, ui: ReactNode) {
  window.history.replaceState(null, '', path);
  return render(<Router><SessionProvider>{ui}</SessionProvider></Router>);
}

export const sampleJob = (over: Record<string, unknown> = {}) => ({
  id: 'job_01TEST',
  status: 'running',
  stage: 'VERIFY',
  priority: 'normal',
  repo: { kind: 'github', owner: 'matrix-org', repo: 'backend-service', ref: 'main' },
  goal: 'Upgrade to Python 3.11',
  created_by: 'alice',
  created_at: '2025-01-01T10:00:00Z',
  stages: [
    { name: 'PLAN', status: 'succeeded', attempts: 1, started_at: '2025-01-01T10:00:00Z', finished_at: '2025-01-01T10:00:01.500Z', summary: '3 steps' },
    { name: 'PATCH', status: 'succeeded', attempts: 2, started_at: '2025-01-01T10:00:02Z', finished_at: '2025-01-01T10:00:04Z', duration_ms: 2000 },
    { name: 'VERIFY', status: 'running', attempts: 1, started_at: '2025-01-01T10:00:05Z' },
    { name: 'GATE', status: 'pending' },
    { name: 'DEPLOY', status: 'skipped', summary: 'no deploy target requested' },
    { name: 'PUBLISH', status: 'pending' },
  ],
  ...over,
});
