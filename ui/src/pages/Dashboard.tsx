import { useEffect } from 'react';
import { Link } from '../router';
import { ApiError, api, describeError, qs } from '../api';
import { useDebouncedJobEvents } from '../events';
import { computeStats } from '../stats';
import { JobTable } from '../components/JobTable';
import { Loading, Notice, StatusBadge, useAsync } from '../components/common';
import { STAGES, type JobSummary, type Page, type Stats } from '../types';
import { formatDuration, relativeTime } from '../format';

const SAMPLE = 200;

async function loadDashboard(sig: AbortSignal): Promise<{ stats: Stats; computed: boolean; active: JobSummary[] }> {
  const recent = api.get<Page<JobSummary>>(`/api/jobs${qs({ limit: SAMPLE })}`, sig);
  let stats: Stats | null = null;
  try { stats = await api.get<Stats>('/api/stats', sig); } catch (e) { if (!(e instanceof ApiError && e.unavailable)) throw e; }
  const jobs = (await recent).items;
  const active = jobs.filter((j) => ['queued', 'running', 'awaiting_approval'].includes(j.status));
  if (stats) return { stats: { ...computeStats(jobs), ...stats }, computed: false, active };
  return { stats: computeStats(jobs), computed: true, active };
}

function Card({ label, value, hint, testid }: { label: string; value: React.ReactNode; hint?: string; testid: string }) {
  return (
    <div className="card stat" data-testid={testid}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {hint && <div className="stat-hint">{hint}</div>}
    </div>
  );
}

export function DashboardPage() {
  const d = useAsync(loadDashboard, []);
  useDebouncedJobEvents(() => d.reload(), 1500);
  useEffect(() => { const t = setInterval(d.reload, 30000); return () => clearInterval(t); }, [d.reload]);
  if (d.loading && !d.data) return <section><h1>Dashboard</h1><Loading what="Loading the dashboard" /></section>;
  if (d.error && !d.data) return <section><h1>Dashboard</h1><Notice kind="error" action={<button onClick={d.reload}>Try again</button>}>The dashboard could not be loaded: {describeError(d.error)}</Notice></section>;
  const { stats, computed, active } = d.data!;
  const max = Math.max(1, ...STAGES.map((s) => stats.avg_stage_seconds?.[s] ?? 0));
  return (
    <section className="dashboard">
      <h1>Dashboard</h1>
      {computed && <p className="muted">Figures computed from the last {SAMPLE} jobs: this server has no statistics endpoint yet.</p>}
      <div className="stats">
        <Card testid="active" label="Active jobs" value={stats.active_jobs} hint="queued, running or awaiting approval" />
        <Card testid="success" label="Success rate" value={stats.success_rate == null ? '—' : `${Math.round(stats.success_rate * 100)} %`} hint={stats.success_rate == null ? 'No job has finished yet.' : 'of finished jobs'} />
        <Card testid="workers" label="Workers online" value={stats.workers_online ?? '—'} hint={stats.workers_online == null ? 'This server does not report workers yet.' : undefined} />
        <Card testid="queue" label="Queue depth" value={stats.queue_depth} hint="jobs waiting for a worker" />
      </div>
      <div className="grid2">
        <div className="card">
          <h2>Average time per stage</h2>
          {Object.keys(stats.avg_stage_seconds || {}).length === 0 ? <p className="muted">No stage has finished yet.</p> : (
            <dl className="bars">
              {STAGES.map((s) => {
                const v = stats.avg_stage_seconds?.[s];
                return (
                  <div key={s} className="bar-row">
                    <dt>{s}</dt>
                    <dd><span className="bar" style={{ width: `${((v ?? 0) / max) * 100}%` }} /><span className="bar-val">{v == null ? '—' : formatDuration(v * 1000)}</span></dd>
                  </div>
                );
              })}
            </dl>
          )}
        </div>
        <div className="card">
          <h2>Recent failures</h2>
          {stats.recent_failures?.length ? (
            <ul className="failures-list">
              {stats.recent_failures.map((j) => (
                <li key={j.id}><Link to={`/jobs/${encodeURIComponent(j.id)}`}><code>{j.id}</code></Link> <StatusBadge status={j.status} /> <span className="muted">{j.stage ?? ''} · {relativeTime(j.finished_at ?? j.created_at)}</span><div className="goal">{j.error || j.goal}</div></li>
              ))}
            </ul>
          ) : <p className="muted">No job has failed recently.</p>}
        </div>
      </div>
      <h2>Active jobs</h2>
      {active.length ? <JobTable jobs={active} caption="Active jobs" /> : <Notice kind="empty">No job is running right now.</Notice>}
    </section>
  );
}
