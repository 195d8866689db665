import { ApiError, loadSession, setSession } from './api';
import type { Artifact } from './types';

export interface Fetched { blob: Blob; type: string; text: () => Promise<string> }

/** Downloads one artifact with the Authorization header (links cannot carry it). */
export async function fetchArtifact(jobId: string, name: string, signal?: AbortSignal): Promise<Fetched> {
  const s = loadSession();
  const res = await fetch(`/api/artifacts/${encodeURIComponent(jobId)}/${encodeURIComponent(name)}`, {
    headers: s ? { Authorization: `Bearer ${s.token}` } : {},
    signal,
  });
  if (!res.ok) {
    let problem = {};
    try { problem = await res.json(); } catch { /* no body */ }
    if (res.status === 401 && s) setSession(null, 'Your session has expired. Please sign in again.');
    throw new ApiError(res.status, { status: res.status, ...problem });
  }
  const blob = await res.blob();
  return { blob, type: res.headers.get('content-type') || blob.type, text: () => blob.text() };
}

export async function fetchArtifactJson<T>(jobId: string, name: string, signal?: AbortSignal): Promise<T> {
  const f = await fetchArtifact(jobId, name, signal);
  return JSON.parse(await f.text()) as T;
}

export function findArtifact(items: Artifact[] | undefined, pred: { name?: RegExp; kind?: string }): Artifact | undefined {
  if (!items) return undefined;
  return items.find((a) => (pred.name ? pred.name.test(a.name) : true) && (pred.kind ? a.kind === pred.kind : true));
}

export function isTextual(type: string, name: string): boolean {
  return /^text\/|json|xml|yaml|diff|patch|x-sh|javascript/.test(type) || /\.(log|txt|json|diff|patch|ya?ml|xml|md|csv|sh|toml|properties)$/i.test(name);
}
