import type { Problem } from './types';

/** The signed-in session. Kept in sessionStorage (per tab, never a cookie) so a reload keeps you signed in. */
export interface Session { token: string; username: string; role: string; expiresAt: number }

const KEY = 'matrix-architect.session';
let current: Session | null = null;
const listeners = new Set<(s: Session | null, reason?: string) => void>();

function storage(): Storage | null {
  try { return window.sessionStorage; } catch { return null; }
}

export function loadSession(): Session | null {
  if (current) return current;
  const raw = storage()?.getItem(KEY);
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Session;
    if (s.expiresAt && s.expiresAt < Date.now()) { storage()?.removeItem(KEY); return null; }
    current = s;
    return s;
  } catch { return null; }
}

export function setSession(s: Session | null, reason?: string) {
  current = s;
  if (s) storage()?.setItem(KEY, JSON.stringify(s)); else storage()?.removeItem(KEY);
  listeners.forEach((l) => l(s, reason));
}

export function onSessionChange(l: (s: Session | null, reason?: string) => void): () => void {
  listeners.add(l);
  return () => { listeners.delete(l); };
}

/** Reads the claims of a JWT without verifying it (the server does that); opaque API tokens give {}. */
export function jwtClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) return {};
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const json = decodeURIComponent(Array.from(atob(b64), (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    return JSON.parse(json);
  } catch { return {}; }
}

export function roleFromClaims(c: Record<string, unknown>): string {
  const r = c.role ?? c.roles ?? c.scope;
  if (Array.isArray(r)) return String(r[0] ?? 'viewer');
  if (typeof r === 'string') return r.split(/[ ,]/)[0] || 'viewer';
  return 'viewer';
}

export class ApiError extends Error {
  status: number;
  problem: Problem;
  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `The server answered ${status}.`);
    this.status = status;
    this.problem = problem;
  }
  /** The server does not have this endpoint (yet). */
  get unavailable() { return this.status === 404 || this.status === 501 || this.status === 405; }
}

/** A sentence for any error, fit to show a person. */
export function describeError(e: unknown, what = 'this'): string {
  if (e instanceof ApiError) {
    if (e.status === 403) return `You are not allowed to do ${what}: ${e.problem.detail || 'your role lacks the permission.'}`;
    return e.problem.detail || e.problem.title || `The server answered ${e.status}.`;
  }
  if (e instanceof TypeError) return 'The server cannot be reached. Check your connection and try again.';
  return e instanceof Error ? e.message : String(e);
}

export interface RequestOptions { method?: string; body?: unknown; signal?: AbortSignal; text?: boolean; auth?: boolean }

export async function request<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: opts.text ? '*/*' : 'application/json, application/problem+json' };
  const s = loadSession();
  if (s && opts.auth !== false) headers.Authorization = `Bearer ${s.token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method: opts.method || (opts.body !== undefined ? 'POST' : 'GET'),
    headers,
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    signal: opts.signal,
    credentials: 'same-origin',
  });
  if (!res.ok) {
    let problem: Problem = { status: res.status };
    try {
      const t = await res.text();
      if (t) { try { problem = { status: res.status, ...JSON.parse(t) }; } catch { problem = { status: res.status, detail: t.length < 300 ? t : undefined }; } }
    } catch { /* body unreadable */ }
    if (res.status === 401 && opts.auth !== false && s) setSession(null, 'Your session has expired. Please sign in again.');
    throw new ApiError(res.status, problem);
  }
  if (res.status === 204) return undefined as T;
  if (opts.text) return (await res.text()) as T;
  const t = await res.text();
  if (!t) return undefined as T;
  try { return JSON.parse(t) as T; } catch { return t as T; }
}

export const api = {
  get: <T = unknown>(path: string, signal?: AbortSignal) => request<T>(path, { signal }),
  text: (path: string, signal?: AbortSignal) => request<string>(path, { signal, text: true }),
  post: <T = unknown>(path: string, body: unknown = {}) => request<T>(path, { method: 'POST', body }),
  put: <T = unknown>(path: string, body: unknown = {}) => request<T>(path, { method: 'PUT', body }),
  patch: <T = unknown>(path: string, body: unknown = {}) => request<T>(path, { method: 'PATCH', body }),
  del: <T = unknown>(path: string) => request<T>(path, { method: 'DELETE' }),
};

export async function login(username: string, password: string): Promise<Session> {
  const r = await request<{ access_token: string; expires_in?: number }>('/api/auth/token', {
    method: 'POST', body: { username, password }, auth: false,
  });
  const claims = jwtClaims(r.access_token);
  const s: Session = {
    token: r.access_token,
    username: typeof claims.sub === 'string' ? claims.sub : username,
    role: roleFromClaims(claims),
    expiresAt: Date.now() + (r.expires_in ?? 3600) * 1000,
  };
  setSession(s);
  return s;
}

export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

// ---------------------------------------------------------------- Server-sent events over fetch

export interface SSEMessage { event: string; data: string; id?: string }

/** Incremental parser of the text/event-stream format (WHATWG HTML §9.2). */
export class SSEParser {
  private buf = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;
  constructor(private emit: (m: SSEMessage) => void) {}
  feed(chunk: string) {
    this.buf += chunk;
    let i: number;
    while ((i = this.buf.search(/\r\n|\r|\n/)) >= 0) {
      const nl = this.buf[i] === '\r' && this.buf[i + 1] === '\n' ? 2 : 1;
      if (this.buf[i] === '\r' && i + 1 === this.buf.length) break; // wait: may be \r\n split across chunks
      const line = this.buf.slice(0, i);
      this.buf = this.buf.slice(i + nl);
      this.line(line);
    }
  }
  private line(line: string) {
    if (line === '') {
      if (this.data.length) this.emit({ event: this.event || 'message', data: this.data.join('\n'), id: this.id });
      this.data = []; this.event = '';
      return;
    }
    if (line.startsWith(':')) return;
    const c = line.indexOf(':');
    const field = c < 0 ? line : line.slice(0, c);
    let value = c < 0 ? '' : line.slice(c + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id') this.id = value;
  }
}

/**
 * Reads an SSE endpoint with fetch, so the token travels in the Authorization header (never in a URL or cookie).
 * Resolves when the stream ends; rejects on HTTP errors (ApiError) or network failure.
 */
export async function readSSE(path: string, onMessage: (m: SSEMessage) => void, signal: AbortSignal): Promise<void> {
  const s = loadSession();
  const res = await fetch(path, {
    headers: { Accept: 'text/event-stream', ...(s ? { Authorization: `Bearer ${s.token}` } : {}) },
    signal,
    cache: 'no-store',
  });
  if (!res.ok) {
    let problem: Problem = { status: res.status };
    try { problem = { status: res.status, ...JSON.parse(await res.text()) }; } catch { /* not json */ }
    if (res.status === 401 && s) setSession(null, 'Your session has expired. Please sign in again.');
    throw new ApiError(res.status, problem);
  }
  const parser = new SSEParser(onMessage);
  if (!res.body) { parser.feed(await res.text()); parser.feed('\n\n'); return; }
  const reader = res.body.getReader();
  const dec = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parser.feed(dec.decode(value, { stream: true }));
  }
  parser.feed('\n\n');
}
