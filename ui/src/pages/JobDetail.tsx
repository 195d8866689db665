import { useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from '../router';
import { ApiError, api, describeError } from '../api';
import { useJobEvents } from '../events';
import { Pipeline } from '../components/Pipeline';
import { LogViewer, useLogStream } from '../components/LogViewer';
import { PlanView } from '../components/PlanView';
import { DiffView } from '../components/DiffView';
import { Evidence } from '../components/Evidence';
import { DecisionButtons, GateView } from '../components/Gate';
import { ArtifactList } from '../components/Artifacts';
import { ChatPanel } from '../components/ChatPanel';
import { LedgerBadge } from '../components/LedgerBadge';
import { Loading, Notice, StatusBadge, Tabs, useAsync } from '../components/common';
import { fetchArtifact, findArtifact } from '../artifacts';
import { STAGES, type Artifact, type Job, type Page } from '../types';
import { formatTime, isFinal, repoLabel } from '../format';
import { hasRole, useSession } from '../session';

type Tab = 'logs' | 'plan' | 'diff' | 'evidence' | 'gate' | 'artifacts' | 'chat';
const TABS: { id: Tab; label: string }[] = [
  { id: 'logs', label: 'Logs' }, { id: 'plan', label: 'Plan' }, { id: 'diff', label: 'Diff' }, { id: 'evidence', label: 'Evidence' },
  { id: 'gate', label: 'Gate' }, { id: 'artifacts', label: 'Artifacts' }, { id: 'chat', label: 'Chat' },
];

function Logs({ job, stage, onStage }: { job: Job; stage: string; onStage: (s: string) => void }) {
  const s = stage === 'ALL' ? null : stage;
  const log = useLogStream(job.id, s, !isFinal(job) && job.status !== 'awaiting_approval');
  const tabs = [{ id: 'ALL', label: 'All stages' }, ...STAGES.map((n) => ({ id: n as string, label: n }))];
  return (
    <div>
      <Tabs label="Log of stage" tabs={tabs} value={stage} onChange={onStage} />
      <LogViewer key={stage} lines={log.lines} version={log.version} state={log.state} error={log.error} showStage={!s} label={`${s ?? 'All stages'} log`} emptyText={s ? `${s} has written no log line${isFinal(job) ? '' : ' yet'}.` : `This job has written no log line${isFinal(job) ? '' : ' yet'}.`} />
    </div>
  );
}

function Diff({ job, artifacts }: { job: Job; artifacts: Artifact[] }) {
  const a = findArtifact(artifacts, { name: /^patch\.diff$/ }) ?? findArtifact(artifacts, { kind: 'patch' });
  const d = useAsync(async (sig) => (a ? (await fetchArtifact(job.id, a.name, sig)).text() : null), [job.id, a?.name, a?.sha256]);
  if (!a) return <p className="muted">There is no diff yet: PATCH makes it.</p>;
  if (d.loading && d.data == null) return <Loading what="Loading the diff" />;
  if (d.error) return <Notice kind="error">The diff could not be loaded: {describeError(d.error)}</Notice>;
  return <DiffView diff={d.data ?? ''} />;
}

export function JobDetailPage() {
  const { id = '' } = useParams();
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = (params.get('tab') as Tab) || 'logs';
  const job = useAsync((sig) => api.get<Job>(`/api/jobs/${encodeURIComponent(id)}`, sig), [id]);
  const arts = useAsync((sig) => api.get<Page<Artifact>>(`/api/artifacts/${encodeURIComponent(id)}`, sig).catch((e) => { if (e instanceof ApiError && e.status === 404) return { items: [] } as Page<Artifact>; throw e; }), [id]);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const j = job.data;
  const stage = params.get('stage') || (j?.stage && STAGES.includes(j.stage as never) ? j.stage : 'ALL');
  const openArt = params.get('artifact');

  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) { if (v) next.set(k, v); else next.delete(k); }
    setParams(next, { replace: true });
  };

  // live: every event about this job refetches it (coalesced), stage changes also refresh the artifact list
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastStage = useRef<string | null>(null);
  useJobEvents((e) => {
    if (e.job_id !== id) return;
    job.setData((d) => d && { ...d, status: e.status ?? d.status, stage: e.stage ?? d.stage, stages: (d.stages || []).map((s) => (s.name === e.stage && e.stage_status ? { ...s, status: e.stage_status } : s)) });
    if (!pending.current) pending.current = setTimeout(() => { pending.current = null; job.reload(); arts.reload(); }, 250);
  });
  useEffect(() => () => { if (pending.current) clearTimeout(pending.current); }, []);
  // a safety net when the event stream is down: poll unfinished jobs
  useEffect(() => {
    if (!j || isFinal(j)) return;
    const t = setInterval(() => { job.reload(); }, 10000);
    return () => clearInterval(t);
  }, [j?.status, job.reload]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    const key = j ? `${j.status}/${j.stage}/${(j.stages || []).map((s) => s.status).join(',')}` : null;
    if (key && lastStage.current && key !== lastStage.current) arts.reload();
    lastStage.current = key;
  }, [j]); // eslint-disable-line react-hooks/exhaustive-deps

  if (job.loading && !j) return <Loading what="Loading the job" />;
  if (job.error && !j) {
    const nf = job.error instanceof ApiError && job.error.status === 404;
    return <section><h1>Job {id}</h1><Notice kind="error" action={nf ? <Link to="/jobs">Back to the jobs</Link> : <button onClick={job.reload}>Try again</button>}>{nf ? 'There is no job with this id, or you may not see it.' : `The job could not be loaded: ${describeError(job.error)}`}</Notice></section>;
  }
  if (!j) return null;

  const act = async (what: 'cancel' | 'retry' | 'execute') => {
    setBusy(true); setActionError(null);
    try {
      const r = await api.post<Job>(what === 'execute' ? `/api/execute/${encodeURIComponent(j.id)}` : `/api/jobs/${encodeURIComponent(j.id)}/${what}`, {});
      if (r && typeof r === 'object' && 'id' in r) job.setData(() => r);
      job.reload();
    } catch (e) { setActionError(describeError(e, `${what} this job`)); } finally { setBusy(false); }
  };
  const canOperate = hasRole(session, 'operator');
  const artifacts = arts.data?.items ?? [];

  return (
    <section className="job-detail" data-job={j.id} data-status={j.status}>
      <div className="job-head">
        <div>
          <p className="crumbs"><Link to="/jobs">Jobs</Link> / <code>{j.id}</code></p>
          <h1 className="job-title"><span className="goal-title">{j.goal}</span> <StatusBadge status={j.status} /></h1>
          <LedgerBadge job={j} />
          <dl className="kv inline-kv">
            <dt>Repository</dt><dd className="wrap">{repoLabel(j.repo)}</dd>
            <dt>Priority</dt><dd>{j.priority ?? 'normal'}</dd>
            <dt>Created</dt><dd>{formatTime(j.created_at)} by {j.created_by ?? '—'}</dd>
            {j.finished_at && <><dt>Finished</dt><dd>{formatTime(j.finished_at)}</dd></>}
            {j.branch && <><dt>Branch</dt><dd><code>{j.branch}</code></dd></>}
            {j.base_commit && <><dt>Commits</dt><dd><code>{j.base_commit.slice(0, 10)}</code>{j.result_commit ? <> → <code>{j.result_commit.slice(0, 10)}</code></> : null}</dd></>}
          </dl>
        </div>
        {canOperate && (
          <div className="actions">
            {j.status === 'created' && <button type="button" className="primary" disabled={busy} onClick={() => act('execute')}>Execute</button>}
            {['created', 'queued', 'running', 'awaiting_approval'].includes(j.status) && <button type="button" className="danger" disabled={busy} onClick={() => act('cancel')}>Cancel</button>}
            {['failed', 'cancelled', 'rejected'].includes(j.status) && <button type="button" disabled={busy} onClick={() => act('retry')}>Retry</button>}
          </div>
        )}
      </div>
      {actionError && <Notice kind="error">{actionError}</Notice>}
      {j.error && <Notice kind="error">This job failed: {j.error}</Notice>}
      <Pipeline job={j} selected={tab === 'logs' ? stage : undefined} onSelect={(s) => set({ tab: 'logs', stage: s })} />
      {j.status === 'awaiting_approval' && (
        <div className="card attention" aria-label="Approval">
          <h2>This job waits for a decision at GATE</h2>
          <GateView gate={j.gate} />
          <DecisionButtons job={j} onDone={() => { job.reload(); }} />
        </div>
      )}
      <Tabs label="Job details" tabs={TABS} value={tab} onChange={(t) => set({ tab: t })} />
      <div className="tab-panel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === 'logs' && <Logs job={j} stage={stage} onStage={(s) => set({ stage: s })} />}
        {tab === 'plan' && <PlanView plan={j.plan} />}
        {tab === 'diff' && <Diff job={j} artifacts={artifacts} />}
        {tab === 'evidence' && <Evidence job={j} artifacts={artifacts} />}
        {tab === 'gate' && <><GateView gate={j.gate} /><DecisionButtons job={j} onDone={() => job.reload()} /></>}
        {tab === 'artifacts' && (arts.error ? <Notice kind="error">The artifacts could not be listed: {describeError(arts.error)}</Notice> : <ArtifactList jobId={j.id} items={artifacts} open={openArt} onOpen={(n) => set({ artifact: n })} />)}
        {tab === 'chat' && <ChatPanel jobId={j.id} title="Ask about this job" />}
      </div>
    </section>
  );
}
