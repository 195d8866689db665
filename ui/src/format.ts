import type { Job, Repo, Stage } from './types';

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Duration of a stage: the server's duration_ms, else from its times (running stages count up to now). */
export function stageDurationMs(s: Stage, now = Date.now()): number | null {
  if (s.duration_ms != null) return s.duration_ms;
  if (!s.started_at) return null;
  const start = Date.parse(s.started_at);
  const end = s.finished_at ? Date.parse(s.finished_at) : s.status === 'running' ? now : NaN;
  return isFinite(start) && isFinite(end) ? end - start : null;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (!isFinite(t)) return iso;
  const s = Math.round((now - t) / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

export function formatBytes(n: number | null | undefined): string {
  if (n == null) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function repoLabel(r: Repo | undefined): string {
  if (!r) return '—';
  switch (r.kind) {
    case 'github': return `${r.owner ?? '?'}/${r.repo ?? '?'}${r.ref ? `@${r.ref}` : ''}`;
    case 'gitlab': return `${r.project ?? '?'}${r.ref ? `@${r.ref}` : ''}`;
    case 'git': return `${r.url ?? '?'}${r.ref ? `@${r.ref}` : ''}`;
    case 'local': return r.path ?? '?';
    default: return JSON.stringify(r);
  }
}

export const statusLabel = (s: string | null | undefined) => (s ? s.replace(/_/g, ' ') : '—');

export const FINAL = new Set(['succeeded', 'failed', 'cancelled', 'rejected']);
export const isFinal = (j: Pick<Job, 'status'>) => FINAL.has(j.status);
export const isActive = (j: Pick<Job, 'status'>) => ['queued', 'running', 'awaiting_approval'].includes(j.status);
