import { Link } from '../router';
import { ApiError, api, describeError, qs } from '../api';
import { useDebouncedJobEvents } from '../events';
import { DecisionButtons, GateView } from '../components/Gate';
import { Loading, Notice, useAsync } from '../components/common';
import type { Job, JobSummary, Page } from '../types';
import { relativeTime, repoLabel } from '../format';
import { useSession } from '../session';

async function loadInbox(sig: AbortSignal): Promise<{ jobs: Job[]; fallback: boolean }> {
  try {
    const r = await api.get<Page<Job> | Job[]>(`/api/approvals${qs({ status: 'pending' })}`, sig);
    const items = Array.isArray(r) ? r : r.items || [];
    // an approval record may wrap its job or only name it
    const jobs = await Promise.all(items.map(async (it: any) => (it.stages || it.goal ? it : await api.get<Job>(`/api/jobs/${encodeURIComponent(it.job_id ?? it.id)}`, sig))));
    return { jobs, fallback: false };
  } catch (e) {
    if (!(e instanceof ApiError && e.unavailable)) throw e;
    const r = await api.get<Page<JobSummary>>(`/api/jobs${qs({ status: 'awaiting_approval', limit: 200 })}`, sig);
    // the list holds summaries: the gate's rules and approvals come with each full job
    const jobs = await Promise.all(r.items.map((j) => api.get<Job>(`/api/jobs/${encodeURIComponent(j.id)}`, sig)));
    return { jobs, fallback: true };
  }
}

export function ApprovalsPage() {
  const { session } = useSession();
  const inbox = useAsync(loadInbox, []);
  useDebouncedJobEvents(() => inbox.reload(), 1000);
  return (
    <section>
      <h1>Approvals</h1>
      <p className="muted">Jobs held at GATE until someone decides. Approving lets them deploy and publish; rejecting stops them.</p>
      {inbox.data?.fallback && <p className="muted">This server does not offer an approvals inbox yet, so every job awaiting approval is listed.</p>}
      {inbox.loading && !inbox.data && <Loading what="Loading the approvals" />}
      {inbox.error ? <Notice kind="error" action={<button onClick={inbox.reload}>Try again</button>}>The approvals could not be loaded: {describeError(inbox.error)}</Notice> : null}
      {inbox.data && inbox.data.jobs.length === 0 && <Notice kind="empty">Nothing waits for your decision.</Notice>}
      <ul className="inbox">
        {(inbox.data?.jobs || []).map((j) => (
          <li key={j.id} className="card" data-job={j.id}>
            <div className="row spread">
              <h2><Link to={`/jobs/${encodeURIComponent(j.id)}?tab=gate`}>{j.goal || j.id}</Link></h2>
              <code>{j.id}</code>
            </div>
            <p className="muted">{repoLabel(j.repo)} · created by {j.created_by === session?.username ? 'you' : j.created_by} · {relativeTime(j.created_at)}</p>
            <GateView gate={j.gate} />
            <DecisionButtons job={j} onDone={() => inbox.reload()} />
          </li>
        ))}
      </ul>
    </section>
  );
}
