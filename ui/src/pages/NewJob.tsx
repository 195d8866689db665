import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from '../router';
import { ApiError, api, describeError } from '../api';
import { ChatPanel } from '../components/ChatPanel';
import { Notice } from '../components/common';
import { emptyDraft, newOp, newStep, normField, planToDraft, toRequest, validate, type JobDraft, type OpKind, type StepDraft } from '../planform';
import type { FieldError, Job, Page, Plan, Profile } from '../types';
import { hasRole, useSession } from '../session';

const Errors = createContext<Map<string, string[]>>(new Map());
export const fieldId = (name: string) => `f-${name.replace(/\./g, '-')}`;

/** One labelled input with the error(s) for its API field shown under it. */
function Field({ name, label, hint, children }: { name: string; label: ReactNode; hint?: ReactNode; children: (p: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode }) {
  const errs = useContext(Errors).get(name);
  const id = fieldId(name);
  const desc = [hint ? `${id}-hint` : '', errs ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${errs ? ' has-error' : ''}`} data-field={name}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': !!errs, 'aria-describedby': desc })}
      {hint && <small id={`${id}-hint`} className="hint">{hint}</small>}
      {errs && <p id={`${id}-err`} className="field-error">{errs.join(' ')}</p>}
    </div>
  );
}

const OPS: OpKind[] = ['create', 'update', 'upsert', 'delete', 'patch', 'run', 'recipe'];

function StepEditor({ step, i, update, remove, count }: { step: StepDraft; i: number; update: (s: StepDraft) => void; remove: () => void; count: number }) {
  const p = `plan.steps.${i}`;
  const errs = useContext(Errors).get(`${p}.ops`);
  const setOp = (j: number, patch: Partial<StepDraft['ops'][number]>) => update({ ...step, ops: step.ops.map((o, k) => (k === j ? { ...o, ...patch } : o)) });
  return (
    <fieldset className="step" data-step={i}>
      <legend>Step {i + 1}</legend>
      <div className="grid-step">
        <Field name={`${p}.id`} label="Id">{(a) => <input {...a} value={step.id} onChange={(e) => update({ ...step, id: e.target.value })} />}</Field>
        <Field name={`${p}.title`} label="Title">{(a) => <input {...a} value={step.title} onChange={(e) => update({ ...step, title: e.target.value })} />}</Field>
      </div>
      <Field name={`${p}.rationale`} label="Rationale (optional)">{(a) => <input {...a} value={step.rationale} onChange={(e) => update({ ...step, rationale: e.target.value })} />}</Field>
      <h4>Operations</h4>
      {errs && <p className="field-error">{errs.join(' ')}</p>}
      {step.ops.map((o, j) => {
        const q = `${p}.ops.${j}`;
        return (
          <div className="op-edit" key={j} data-op={j}>
            <div className="row">
              <Field name={`${q}.op`} label={`Operation ${j + 1}`}>
                {(a) => <select {...a} value={o.op} onChange={(e) => setOp(j, { op: e.target.value as OpKind })}>{OPS.map((k) => <option key={k} value={k}>{k}</option>)}</select>}
              </Field>
              <button type="button" className="link" onClick={() => update({ ...step, ops: step.ops.filter((_, k) => k !== j) })} aria-label={`Remove operation ${j + 1} of step ${i + 1}`}>Remove</button>
            </div>
            {(o.op === 'create' || o.op === 'update' || o.op === 'upsert' || o.op === 'delete') && (
              <Field name={`${q}.path`} label="File path" hint="Relative to the repository root.">{(a) => <input {...a} value={o.path} placeholder="src/app.py" onChange={(e) => setOp(j, { path: e.target.value })} />}</Field>
            )}
            {(o.op === 'create' || o.op === 'update' || o.op === 'upsert') && (
              <Field name={`${q}.content`} label="Content">{(a) => <textarea {...a} className="mono" rows={6} value={o.content} onChange={(e) => setOp(j, { content: e.target.value })} />}</Field>
            )}
            {o.op === 'patch' && <Field name={`${q}.diff`} label="Unified diff">{(a) => <textarea {...a} className="mono" rows={8} value={o.diff} onChange={(e) => setOp(j, { diff: e.target.value })} />}</Field>}
            {o.op === 'run' && <Field name={`${q}.command`} label="Command" hint="Runs in the sandbox.">{(a) => <input {...a} className="mono" value={o.command} onChange={(e) => setOp(j, { command: e.target.value })} />}</Field>}
            {o.op === 'recipe' && (
              <>
                <Field name={`${q}.name`} label="Recipe">{(a) => <input {...a} value={o.name} onChange={(e) => setOp(j, { name: e.target.value })} />}</Field>
                <Field name={`${q}.options`} label="Options (JSON, optional)">{(a) => <textarea {...a} className="mono" rows={3} value={o.options} onChange={(e) => setOp(j, { options: e.target.value })} />}</Field>
              </>
            )}
          </div>
        );
      })}
      <div className="row">
        <button type="button" onClick={() => update({ ...step, ops: [...step.ops, newOp()] })}>Add operation</button>
        {count > 1 && <button type="button" className="link danger-text" onClick={remove}>Remove step {i + 1}</button>}
      </div>
      <Field name={`${p}.verify`} label="Verify commands for this step (optional, one per line)">{(a) => <textarea {...a} className="mono" rows={2} value={step.verify} onChange={(e) => update({ ...step, verify: e.target.value })} />}</Field>
    </fieldset>
  );
}

/** The verification profiles the server knows; none until it answers (the form still offers auto). */
function useProfiles(): Profile[] {
  const [profiles, setProfiles] = useState<Profile[]>([]);
  useEffect(() => {
    const ctl = new AbortController();
    api.get<Page<Profile>>('/api/profiles', ctl.signal).then((p) => setProfiles(p?.items ?? [])).catch(() => undefined);
    return () => ctl.abort();
  }, []);
  return profiles;
}

/** auto, then the server's profiles, then the draft's own value if the server did not list it (so it stays shown). */
export function profileOptions(profiles: Profile[], current: string): { name: string; title?: string }[] {
  const out: { name: string; title?: string }[] = [{ name: 'auto', title: 'detected from the build files' }];
  for (const p of profiles) out.push({ name: p.name, title: `checks: ${p.check_kinds.join(', ')}` });
  if (current && !out.some((o) => o.name === current)) out.push({ name: current });
  return out;
}

export function NewJobPage({ initial }: { initial?: Partial<JobDraft> }) {
  const { session } = useSession();
  const nav = useNavigate();
  const [d, setD] = useState<JobDraft>(() => ({ ...emptyDraft(), ...initial }));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [summary, setSummary] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [paste, setPaste] = useState('');
  const [pasteErr, setPasteErr] = useState<string | null>(null);
  const top = useRef<HTMLDivElement>(null);
  const profiles = useProfiles();

  const map = new Map<string, string[]>();
  for (const e of errors) { const k = normField(e.field); map.set(k, [...(map.get(k) || []), e.message]); }
  const known = (f: string) => !!document.getElementById(fieldId(normField(f)));

  const show = (errs: FieldError[], sentence: string | null) => {
    setErrors(errs); setSummary(sentence);
    setTimeout(() => {
      const first = errs.map((e) => document.getElementById(fieldId(normField(e.field)))).find(Boolean);
      if (first) first.focus(); else top.current?.focus();
    }, 0);
  };

  const submit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    const local = validate(d);
    if (local.length) { show(local, `Please correct ${local.length === 1 ? 'the field' : `the ${local.length} fields`} marked below.`); return; }
    setBusy(true); setErrors([]); setSummary(null);
    try {
      const job = await api.post<Job>('/api/jobs', toRequest(d));
      nav(`/jobs/${encodeURIComponent(job.id)}`);
    } catch (e) {
      if (e instanceof ApiError && e.problem.errors?.length) show(e.problem.errors, `The server did not accept the job: ${e.problem.detail || e.problem.title || 'see the fields marked below.'}`);
      else show([], `The job was not created: ${describeError(e, 'create jobs')}`);
    } finally { setBusy(false); }
  };

  if (!hasRole(session, 'operator')) return <section><h1>New job</h1><Notice kind="warn">Your role ({session?.role}) can read jobs but not create them. Ask an administrator for the operator role.</Notice></section>;

  const r = d.repo;
  const setRepo = (patch: Partial<JobDraft['repo']>) => setD({ ...d, repo: { ...r, ...patch } });
  const setC = (patch: Partial<JobDraft['constraints']>) => setD({ ...d, constraints: { ...d.constraints, ...patch } });
  const setSteps = (steps: StepDraft[]) => setD({ ...d, plan: { ...d.plan, steps } });
  const unplaced = errors.filter((e) => !known(e.field));

  return (
    <section className="new-job">
      <h1>New job</h1>
      <p className="muted">Describe the change. Leave the plan empty to let the planner make one, or write the steps yourself.</p>
      <div ref={top} tabIndex={-1}>
        {summary && (
          <Notice kind="error">
            {summary}
            {unplaced.length > 0 && <ul>{unplaced.map((e, i) => <li key={i}><code>{e.field}</code>: {e.message}</li>)}</ul>}
          </Notice>
        )}
      </div>
      <Errors.Provider value={map}>
        <form onSubmit={submit} noValidate aria-label="Plan builder">
          <fieldset>
            <legend>Repository</legend>
            <div className="grid-form">
              <Field name="repo.kind" label="Kind">
                {(a) => (
                  <select {...a} value={r.kind} onChange={(e) => setRepo({ kind: e.target.value as JobDraft['repo']['kind'] })}>
                    <option value="github">GitHub</option><option value="gitlab">GitLab</option><option value="git">Git URL</option><option value="local">Local path (development)</option>
                  </select>
                )}
              </Field>
              {r.kind === 'github' && <>
                <Field name="repo.owner" label="Owner">{(a) => <input {...a} value={r.owner} onChange={(e) => setRepo({ owner: e.target.value })} />}</Field>
                <Field name="repo.repo" label="Repository">{(a) => <input {...a} value={r.repo} onChange={(e) => setRepo({ repo: e.target.value })} />}</Field>
              </>}
              {r.kind === 'gitlab' && <Field name="repo.project" label="Project path">{(a) => <input {...a} value={r.project} placeholder="group/project" onChange={(e) => setRepo({ project: e.target.value })} />}</Field>}
              {r.kind === 'git' && <Field name="repo.url" label="URL">{(a) => <input {...a} value={r.url} placeholder="https://… or file://…" onChange={(e) => setRepo({ url: e.target.value })} />}</Field>}
              {r.kind === 'local' && <Field name="repo.path" label="Path on the server">{(a) => <input {...a} value={r.path} placeholder="/srv/repos/app" onChange={(e) => setRepo({ path: e.target.value })} />}</Field>}
              <Field name="repo.ref" label="Ref (optional)">{(a) => <input {...a} value={r.ref} placeholder="main" onChange={(e) => setRepo({ ref: e.target.value })} />}</Field>
            </div>
          </fieldset>

          <Field name="goal" label="Goal" hint={`${d.goal.trim().length} / 4000 characters`}>
            {(a) => <textarea {...a} rows={3} value={d.goal} placeholder="Upgrade to Python 3.11 and fix linting errors" onChange={(e) => setD({ ...d, goal: e.target.value })} />}
          </Field>

          <fieldset>
            <legend>Constraints and priority</legend>
            <div className="checks">
              <label className="check"><input type="checkbox" checked={d.constraints.require_tests} onChange={(e) => setC({ require_tests: e.target.checked })} /> Require tests (VERIFY fails when no test ran)</label>
              <label className="check"><input type="checkbox" checked={d.constraints.security_scan} onChange={(e) => setC({ security_scan: e.target.checked })} /> Security scan</label>
              <label className="check"><input type="checkbox" checked={d.constraints.allow_network} onChange={(e) => setC({ allow_network: e.target.checked })} /> Allow network in the sandbox</label>
            </div>
            <div className="grid-form">
              <Field name="constraints.require_approval" label="Require approval at GATE">
                {(a) => <select {...a} value={d.constraints.require_approval} onChange={(e) => setC({ require_approval: e.target.value as '' | 'true' | 'false' })}><option value="">Server default</option><option value="true">Yes</option><option value="false">No</option></select>}
              </Field>
              <Field name="constraints.max_changed_files" label="Max changed files">{(a) => <input {...a} inputMode="numeric" value={d.constraints.max_changed_files} onChange={(e) => setC({ max_changed_files: e.target.value })} />}</Field>
              <Field name="constraints.max_diff_lines" label="Max diff lines">{(a) => <input {...a} inputMode="numeric" value={d.constraints.max_diff_lines} onChange={(e) => setC({ max_diff_lines: e.target.value })} />}</Field>
              <Field name="priority" label="Priority">
                {(a) => <select {...a} value={d.priority} onChange={(e) => setD({ ...d, priority: e.target.value as JobDraft['priority'] })}><option value="high">High</option><option value="normal">Normal</option><option value="low">Low</option></select>}
              </Field>
            </div>
          </fieldset>

          <fieldset>
            <legend>Verify</legend>
            <div className="grid-form">
              <Field name="verify.commands" label="Commands (one per line, optional)" hint="Empty: .matrix-architect.yml in the repository, else auto-detection.">
                {(a) => <textarea {...a} className="mono" rows={2} value={d.verifyCommands} onChange={(e) => setD({ ...d, verifyCommands: e.target.value })} />}
              </Field>
              <Field name="verify.profile" label="Profile">
                {(a) => <select {...a} value={d.verifyProfile} onChange={(e) => setD({ ...d, verifyProfile: e.target.value })}><option value="">Default</option>{profileOptions(profiles, d.verifyProfile).map((p) => <option key={p.name} value={p.name} title={p.title}>{p.name}</option>)}</select>}
              </Field>
            </div>
          </fieldset>

          <fieldset>
            <legend>Plan</legend>
            <label className="check"><input type="checkbox" name="usePlan" checked={d.usePlan} onChange={(e) => setD({ ...d, usePlan: e.target.checked })} /> Write the plan myself (explicit steps and operations)</label>
            {map.get('plan') && <p className="field-error">{map.get('plan')!.join(' ')}</p>}
            {d.usePlan && (
              <>
                <Field name="plan.summary" label="Summary (optional)">{(a) => <input {...a} value={d.plan.summary} onChange={(e) => setD({ ...d, plan: { ...d.plan, summary: e.target.value } })} />}</Field>
                {map.get('plan.steps') && <p className="field-error">{map.get('plan.steps')!.join(' ')}</p>}
                {d.plan.steps.map((s, i) => (
                  <StepEditor key={i} step={s} i={i} count={d.plan.steps.length}
                    update={(ns) => setSteps(d.plan.steps.map((x, k) => (k === i ? ns : x)))}
                    remove={() => setSteps(d.plan.steps.filter((_, k) => k !== i))} />
                ))}
                <button type="button" onClick={() => setSteps([...d.plan.steps, newStep(d.plan.steps.length + 1)])}>Add step</button>
                <details className="paste">
                  <summary>Paste a plan as JSON</summary>
                  <label className="sr-only" htmlFor="plan-json">Plan JSON</label>
                  <textarea id="plan-json" className="mono" rows={5} value={paste} onChange={(e) => setPaste(e.target.value)} placeholder='{"summary": "...", "steps": [...]}' />
                  {pasteErr && <p className="field-error">{pasteErr}</p>}
                  <button type="button" onClick={() => {
                    try { const p = JSON.parse(paste) as Plan; if (!Array.isArray(p.steps)) throw new Error('it has no "steps" list'); setD({ ...d, plan: planToDraft(p) }); setPasteErr(null); }
                    catch (e) { setPasteErr(`This is not a plan: ${e instanceof Error ? e.message : String(e)}.`); }
                  }}>Use this plan</button>
                </details>
              </>
            )}
          </fieldset>

          <fieldset>
            <legend>Deploy and run</legend>
            <div className="grid-form">
              <Field name="deploy.target" label="Deploy target (optional)" hint="Empty: DEPLOY is skipped.">{(a) => <input {...a} value={d.deployTarget} onChange={(e) => setD({ ...d, deployTarget: e.target.value })} />}</Field>
              {d.deployTarget.trim() && <Field name="deploy.strategy" label="Strategy">{(a) => <select {...a} value={d.deployStrategy} onChange={(e) => setD({ ...d, deployStrategy: e.target.value })}><option value="rolling">Rolling</option><option value="canary">Canary</option><option value="blue_green">Blue/green</option></select>}</Field>}
            </div>
            <label className="check"><input type="checkbox" checked={d.autoExecute} onChange={(e) => setD({ ...d, autoExecute: e.target.checked })} /> Start at once (otherwise the job waits for “Execute”)</label>
          </fieldset>

          <div className="row">
            <button type="submit" className="primary" disabled={busy}>{busy ? 'Creating…' : 'Create job'}</button>
          </div>
        </form>
      </Errors.Provider>
      <details className="chat-details">
        <summary>Discuss this plan with the assistant</summary>
        <ChatPanel plan={d.usePlan ? (toRequest(d).plan as Plan) : null} title="Ask about this plan" />
      </details>
    </section>
  );
}
