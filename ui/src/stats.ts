import { STAGES, type JobSummary, type Stats } from './types';
import { stageDurationMs } from './format';

/** Dashboard figures computed from a page of jobs, for servers without /api/stats. */
export function computeStats(jobs: JobSummary[]): Stats {
  const active = jobs.filter((j) => ['queued', 'running', 'awaiting_approval'].includes(j.status));
  const done = jobs.filter((j) => ['succeeded', 'failed', 'rejected'].includes(j.status));
  const ok = done.filter((j) => j.status === 'succeeded').length;
  const sums: Record<string, { t: number; n: number }> = {};
  for (const j of jobs) {
    for (const s of j.stages || []) {
      if (s.status !== 'succeeded' && s.status !== 'failed') continue;
      const d = stageDurationMs(s);
      if (d == null) continue;
      const e = (sums[s.name] ??= { t: 0, n: 0 });
      e.t += d; e.n++;
    }
  }
  const avg: Record<string, number> = {};
  for (const n of STAGES) if (sums[n]?.n) avg[n] = sums[n].t / sums[n].n / 1000;
  const workers = new Set(jobs.flatMap((j) => (j.stages || []).filter((s) => s.status === 'running' && s.worker).map((s) => s.worker!)));
  return {
    active_jobs: active.length,
    success_rate: done.length ? ok / done.length : null,
    workers_online: workers.size ? workers.size : null,
    queue_depth: jobs.filter((j) => j.status === 'queued').length,
    avg_stage_seconds: avg,
    recent_failures: jobs.filter((j) => j.status === 'failed').slice(0, 5),
  };
}
