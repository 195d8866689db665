import { STAGES, type Job, type Stage } from '../types';
import { formatDuration, stageDurationMs, statusLabel } from '../format';
import { useNow } from './common';

const ICON: Record<string, string> = { pending: '○', running: '◐', succeeded: '✓', failed: '✕', skipped: '–' };

/** The six stages in order, each with its status, duration and attempts; a stage can be picked (e.g. for its log). */
export function Pipeline({ job, selected, onSelect }: { job: Job; selected?: string; onSelect?: (stage: string) => void }) {
  const running = (job.stages || []).some((s) => s.status === 'running');
  const now = useNow(1000, running);
  const byName = new Map((job.stages || []).map((s) => [s.name, s]));
  const stages: Stage[] = STAGES.map((n) => byName.get(n) ?? { name: n, status: 'pending' });
  return (
    <ol className="pipeline" aria-label="Pipeline stages">
      {stages.map((s) => {
        const d = stageDurationMs(s, now);
        const attempts = s.attempts ?? 0;
        const label = `${s.name}: ${statusLabel(s.status)}${d != null ? `, ${formatDuration(d)}` : ''}${attempts > 1 ? `, ${attempts} attempts` : ''}`;
        const body = (
          <>
            <span className="stage-icon" aria-hidden="true">{ICON[s.status] ?? '?'}</span>
            <span className="stage-name">{s.name}</span>
            <span className="stage-status">{statusLabel(s.status)}</span>
            <span className="stage-meta">
              <span className="stage-duration" title="Duration">{formatDuration(d)}</span>
              <span className="stage-attempts" title="Attempts">{attempts === 1 ? '1 attempt' : `${attempts} attempts`}</span>
            </span>
            {s.summary && <span className="stage-summary">{s.summary}</span>}
          </>
        );
        return (
          <li key={s.name} className={`stage st-${s.status}${selected === s.name ? ' selected' : ''}`} data-stage={s.name} data-status={s.status}>
            {onSelect ? (
              <button type="button" className="stage-btn" aria-label={label} aria-pressed={selected === s.name} onClick={() => onSelect(s.name)}>{body}</button>
            ) : <div className="stage-btn" aria-label={label}>{body}</div>}
          </li>
        );
      })}
    </ol>
  );
}
