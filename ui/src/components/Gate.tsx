import { useState } from 'react';
import { api, describeError } from '../api';
import type { Approval, Gate, GateRule, Job } from '../types';
import { formatTime } from '../format';
import { hasRole, useSession } from '../session';
import { StatusBadge } from './common';

const DECISION: Record<string, string> = { allow: 'Allowed', deny: 'Denied', require_approval: 'Approval required' };

function ruleOf(r: string | GateRule): { name: string; outcome: string; message: string } {
  if (typeof r === 'string') {
    const fail = /did not|not succeed|denied|fail|exceed|missing|vulnerab/i.test(r);
    const need = /approval/i.test(r);
    return { name: '', outcome: need ? 'approval' : fail ? 'fail' : 'pass', message: r };
  }
  const raw = r.outcome ?? r.result ?? (r.passed === true ? 'pass' : r.passed === false ? 'fail' : '');
  const outcome = /pass|allow|ok|true|succeed/i.test(String(raw)) ? 'pass' : /approv/i.test(String(raw)) ? 'approval' : /skip/i.test(String(raw)) ? 'skip' : 'fail';
  return { name: r.rule ?? r.name ?? r.id ?? '', outcome, message: r.message ?? r.detail ?? String(raw) };
}

const OUT: Record<string, string> = { pass: '✓ passed', fail: '✕ failed', approval: '⚑ needs approval', skip: '– skipped' };

export function GateView({ gate }: { gate: Gate | null | undefined }) {
  if (!gate || (!gate.decision && !(gate.reasons || []).length && !(gate.approvals || []).length)) {
    return <p className="muted">The gate has not decided yet: it runs after VERIFY.</p>;
  }
  const rules = [...(gate.rules || []), ...(gate.reasons || [])].map(ruleOf);
  return (
    <div className="gate">
      <p>Decision: <strong className={`decision d-${gate.decision}`} data-decision={gate.decision ?? ''}>{DECISION[gate.decision ?? ''] ?? gate.decision ?? 'none yet'}</strong></p>
      {gate.diff?.sha256 && <p className="diff-digest">An approval is given for diff <code data-diff-digest={gate.diff.sha256}>sha256:{gate.diff.sha256}</code>{gate.diff.base_commit ? <> on <code>{gate.diff.base_commit.slice(0, 10)}</code></> : null}; if the diff changes, approvals no longer count.</p>}
      {rules.length > 0 && (
        <table className="table compact">
          <thead><tr><th>Rule</th><th>Outcome</th></tr></thead>
          <tbody>
            {rules.map((r, i) => (
              <tr key={i}><td>{r.name ? <><code>{r.name}</code> {r.message}</> : r.message}</td><td className={`outcome o-${r.outcome}`}>{OUT[r.outcome]}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {(gate.approvals || []).length > 0 && (
        <>
          <h4>Decisions</h4>
          <ul className="approvals">
            {(gate.approvals as Approval[]).map((a, i) => (
              <li key={i} className={a.voided_at ? 'voided' : undefined}><strong>{a.actor ?? a.by ?? a.approver ?? a.user ?? 'someone'}</strong> {a.decision ?? 'approved'}{a.at ? ` on ${formatTime(a.at)}` : ''}{a.comment || a.reason ? `: “${a.comment ?? a.reason}”` : ''}{a.diff_digest ? <> (diff <code>sha256:{a.diff_digest.slice(0, 12)}…</code>)</> : null}{a.voided_at ? <span className="void-reason"> — no longer counts: {a.void_reason}</span> : null}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** Approve / reject with an optional comment; shown to operators and admins while a job waits at GATE. */
export function DecisionButtons({ job, onDone }: { job: Job; onDone: (j?: Job) => void }) {
  const { session } = useSession();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (job.status !== 'awaiting_approval') return null;
  if (!hasRole(session, 'operator')) return <p className="muted">This job waits for an approval; your role ({session?.role}) cannot decide.</p>;
  const act = async (what: 'approve' | 'reject') => {
    setBusy(true); setError(null);
    try {
      const r = await api.post<Job>(`/api/jobs/${encodeURIComponent(job.id)}/${what}`, what === 'approve' ? { comment } : { reason: comment });
      setComment('');
      onDone(r && typeof r === 'object' && 'id' in r ? r : undefined);
    } catch (e) { setError(describeError(e, `${what} this job`)); } finally { setBusy(false); }
  };
  const own = session?.username && session.username === job.created_by;
  return (
    <div className="decide" aria-label="Your decision">
      <label className="field">
        <span>Comment or reason <span className="muted">(optional)</span></span>
        <textarea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      {own && <p className="muted">You created this job; the policy may require someone else to approve it.</p>}
      <div className="row">
        <button type="button" className="primary" disabled={busy} onClick={() => act('approve')}>Approve</button>
        <button type="button" className="danger" disabled={busy} onClick={() => act('reject')}>Reject</button>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
    </div>
  );
}

export function GateSummary({ job }: { job: Job }) {
  return <StatusBadge status={job.status} />;
}
