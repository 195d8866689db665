import { useState } from 'react';
import { Link, useSearchParams } from '../router';
import { api, describeError, qs } from '../api';
import { useDebouncedJobEvents, useJobEvents } from '../events';
import { JobTable } from '../components/JobTable';
import { Loading, Notice, useAsync } from '../components/common';
import { JOB_STATUSES, STAGES, type JobSummary, type Page } from '../types';
import { hasRole, useSession } from '../session';
import { statusLabel } from '../format';

const PAGE = 25;

export function JobsPage() {
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const [cursors, setCursors] = useState<string[]>([]); // cursors of the pages before this one
  const [cursor, setCursor] = useState<string | null>(null);
  const filters = { status: params.get('status') || '', stage: params.get('stage') || '', repo: params.get('repo') || '', created_by: params.get('created_by') || '' };
  const [draft, setDraft] = useState({ repo: filters.repo, created_by: filters.created_by });
  const key = JSON.stringify(filters);
  const page = useAsync((sig) => api.get<Page<JobSummary>>(`/api/jobs${qs({ ...filters, limit: PAGE, cursor })}`, sig), [key, cursor]);

  const setFilter = (patch: Partial<typeof filters>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) { if (v) next.set(k, v); else next.delete(k); }
    setParams(next, { replace: true });
    setCursors([]); setCursor(null);
  };

  useJobEvents((e) => {
    page.setData((d) => d && ({ ...d, items: d.items.map((j) => (j.id === e.job_id ? { ...j, status: e.status ?? j.status, stage: e.stage ?? j.stage } : j)) }));
  });
  useDebouncedJobEvents((e) => {
    if (cursor) return; // on later pages new jobs would shift rows: stay put
    if (!page.data?.items.some((j) => j.id === e.job_id) || filters.status || filters.stage) page.reload();
  }, 1000);

  const items = page.data?.items ?? [];
  const filtered = Object.values(filters).some(Boolean);
  return (
    <section>
      <div className="row spread">
        <h1>Jobs</h1>
        {hasRole(session, 'operator') && <Link to="/jobs/new" className="button primary">New job</Link>}
      </div>
      <form className="filters" onSubmit={(e) => { e.preventDefault(); setFilter(draft); }} aria-label="Filter jobs">
        <label className="field"><span>Status</span>
          <select value={filters.status} onChange={(e) => setFilter({ status: e.target.value })}>
            <option value="">Any status</option>
            {JOB_STATUSES.map((s) => <option key={s} value={s}>{statusLabel(s)}</option>)}
          </select>
        </label>
        <label className="field"><span>Stage</span>
          <select value={filters.stage} onChange={(e) => setFilter({ stage: e.target.value })}>
            <option value="">Any stage</option>
            {STAGES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label className="field"><span>Repository</span>
          <input value={draft.repo} placeholder="owner/repo, URL or path" onChange={(e) => setDraft({ ...draft, repo: e.target.value })} />
        </label>
        <label className="field"><span>Creator</span>
          <input value={draft.created_by} placeholder="username" onChange={(e) => setDraft({ ...draft, created_by: e.target.value })} />
        </label>
        <div className="filter-actions">
          <button type="submit">Apply</button>
          {filtered && <button type="button" className="link" onClick={() => { setDraft({ repo: '', created_by: '' }); setParams(new URLSearchParams(), { replace: true }); setCursors([]); setCursor(null); }}>Clear filters</button>}
        </div>
      </form>
      {page.error ? <Notice kind="error" action={<button onClick={page.reload}>Try again</button>}>The jobs could not be loaded: {describeError(page.error)}</Notice> : null}
      {page.loading && !page.data && <Loading what="Loading jobs" />}
      {page.data && items.length === 0 && (
        <Notice kind="empty">{filtered ? 'No job matches these filters. Clear them to see every job.' : cursor ? 'There are no more jobs.' : 'There are no jobs yet. Create one with “New job”.'}</Notice>
      )}
      {items.length > 0 && <JobTable jobs={items} caption="Jobs, newest first" />}
      {(cursors.length > 0 || page.data?.next_cursor) && (
        <nav className="pager" aria-label="Pages">
          <button type="button" disabled={cursors.length === 0} onClick={() => { const c = [...cursors]; const prev = c.pop() ?? null; setCursors(c); setCursor(prev || null); }}>← Newer</button>
          <span>Page {cursors.length + 1}</span>
          <button type="button" disabled={!page.data?.next_cursor} onClick={() => { setCursors([...cursors, cursor ?? '']); setCursor(page.data!.next_cursor!); }}>Older →</button>
        </nav>
      )}
    </section>
  );
}
