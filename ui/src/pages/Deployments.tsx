import { useState } from 'react';
import { Link } from '../router';
import { api, describeError } from '../api';
import { useDebouncedJobEvents } from '../events';
import { Loading, Notice, StatusBadge, useAsync } from '../components/common';
import { relativeTime } from '../format';
import { hasRole, useSession } from '../session';

export interface Release {
  id: string;
  target: string;
  target_type: string | null;
  environment: string | null;
  job_id: string;
  commit: string | null;
  status: string;
  deployed: Record<string, string>;
  health: string | null;
  previous_release: string | null;
  started_at: string;
  finished_at: string | null;
  current_since: string | null;
}

export interface TargetView {
  name: string;
  type: string;
  environment: string | null;
  current: Release | null;
  history: Release[];
  state: { summary: string } | null;
}

async function loadTargets(sig: AbortSignal): Promise<TargetView[]> {
  const list = await api.get<{ items: { name: string }[] }>('/api/deploy/targets', sig);
  return Promise.all(list.items.map((t) => api.get<TargetView>(`/api/targets/${encodeURIComponent(t.name)}`, sig)));
}

/** Operators may roll back non-production targets, only admins production ones (as the server checks). */
export function mayRollBack(role: string | undefined, environment: string | null): boolean {
  if (role === 'admin') return true;
  return role === 'operator' && (environment || '').toLowerCase() !== 'production';
}

export function DeploymentsPage() {
  const targets = useAsync(loadTargets, []);
  useDebouncedJobEvents(() => targets.reload(), 1000);
  return (
    <section>
      <h1>Deployments</h1>
      <p className="muted">Per deploy target: the current release, its history, and a rollback to an earlier release that was healthy.</p>
      {targets.loading && !targets.data && <Loading what="Loading the deploy targets" />}
      {targets.error ? <Notice kind="error" action={<button onClick={targets.reload}>Try again</button>}>The deploy targets could not be loaded: {describeError(targets.error)}</Notice> : null}
      {targets.data && targets.data.length === 0 && <Notice kind="empty">No deploy target is configured: DEPLOY is skipped for every job.</Notice>}
      {(targets.data || []).map((t) => <TargetCard key={t.name} target={t} onChange={targets.reload} />)}
    </section>
  );
}

function TargetCard({ target, onChange }: { target: TargetView; onChange: () => void }) {
  const { session } = useSession();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const allowed = hasRole(session, 'operator') && mayRollBack(session?.role, target.environment);
  const rollBack = async (to: string) => {
    setBusy(to);
    setMessage(null);
    try {
      await api.post(`/api/targets/${encodeURIComponent(target.name)}/rollback`, { to_release: to });
      setMessage({ kind: 'info', text: `Rolled back to ${to}; it is the current release again.` });
      onChange();
    } catch (e) {
      setMessage({ kind: 'error', text: `The rollback to ${to} failed: ${describeError(e)}` });
    } finally {
      setBusy(null);
    }
  };
  const c = target.current;
  return (
    <article className="card" data-target={target.name}>
      <div className="row spread">
        <h2>{target.name}</h2>
        <span className="muted">{target.type} · {target.environment || 'no environment'}</span>
      </div>
      {target.state && <p className="muted" data-state>{target.state.summary}</p>}
      {c ? (
        <p data-current={c.id}>
          Current: <code>{c.id}</code> from <Link to={`/jobs/${encodeURIComponent(c.job_id)}`}>{c.job_id}</Link>
          {c.commit && <> at <code>{c.commit.slice(0, 12)}</code></>} · {relativeTime(c.current_since || c.finished_at || c.started_at)} · <StatusBadge status={c.status} /> {c.health && <span className="muted">{c.health}</span>}
        </p>
      ) : <p className="muted">No release is current on this target.</p>}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <table className="table">
        <thead><tr><th>Release</th><th>Job</th><th>Status</th><th>Health</th><th>Started</th><th /></tr></thead>
        <tbody>
          {target.history.map((r) => (
            <tr key={r.id} data-release={r.id}>
              <td><code>{r.id}</code></td>
              <td><Link to={`/jobs/${encodeURIComponent(r.job_id)}`}>{r.job_id}</Link></td>
              <td><StatusBadge status={r.status} /></td>
              <td className="muted">{r.health || ''}</td>
              <td>{relativeTime(r.started_at)}</td>
              <td>
                {allowed && r.status === 'superseded' && (
                  <button type="button" disabled={busy !== null} onClick={() => rollBack(r.id)}>
                    {busy === r.id ? 'Rolling back…' : 'Roll back to this'}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}
