import { Link } from '../router';
import type { JobSummary } from '../types';
import { relativeTime, repoLabel } from '../format';
import { StatusBadge } from './common';

/** Jobs as a table on wide screens and as cards on narrow ones (CSS), each linking to its page. */
export function JobTable({ jobs, caption }: { jobs: JobSummary[]; caption?: string }) {
  return (
    <div className="table-wrap">
      <table className="table jobs-table">
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead>
          <tr><th>Job</th><th>Status</th><th>Stage</th><th>Repository</th><th>Creator</th><th>Created</th></tr>
        </thead>
        <tbody>
          {jobs.map((j) => (
            <tr key={j.id} data-job={j.id} data-status={j.status}>
              <td data-label="Job"><Link to={`/jobs/${encodeURIComponent(j.id)}`} className="job-link"><code>{j.id}</code></Link><div className="goal" title={j.goal}>{j.goal}</div></td>
              <td data-label="Status"><StatusBadge status={j.status} /></td>
              <td data-label="Stage">{j.stage ?? '—'}</td>
              <td data-label="Repository"><span className="wrap">{repoLabel(j.repo)}</span></td>
              <td data-label="Creator">{j.created_by ?? '—'}</td>
              <td data-label="Created" title={j.created_at}>{relativeTime(j.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
