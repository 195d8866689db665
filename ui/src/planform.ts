import type { FieldError, Op, Plan } from './types';

export type OpKind = 'create' | 'update' | 'upsert' | 'delete' | 'patch' | 'run' | 'recipe';
export interface OpDraft { op: OpKind; path: string; content: string; diff: string; command: string; name: string; options: string }
export interface StepDraft { id: string; title: string; rationale: string; verify: string; ops: OpDraft[] }
export interface JobDraft {
  repo: { kind: 'github' | 'gitlab' | 'git' | 'local'; owner: string; repo: string; project: string; url: string; path: string; ref: string };
  goal: string;
  constraints: { require_tests: boolean; security_scan: boolean; require_approval: '' | 'true' | 'false'; allow_network: boolean; max_changed_files: string; max_diff_lines: string };
  priority: 'high' | 'normal' | 'low';
  verifyCommands: string;
  verifyProfile: string;
  usePlan: boolean;
  plan: { summary: string; steps: StepDraft[] };
  deployTarget: string;
  deployStrategy: string;
  autoExecute: boolean;
}

export const newOp = (op: OpKind = 'create'): OpDraft => ({ op, path: '', content: '', diff: '', command: '', name: '', options: '' });
export const newStep = (n: number): StepDraft => ({ id: `s${n}`, title: '', rationale: '', verify: '', ops: [newOp()] });

export function emptyDraft(): JobDraft {
  return {
    repo: { kind: 'github', owner: '', repo: '', project: '', url: '', path: '', ref: '' },
    goal: '',
    constraints: { require_tests: true, security_scan: true, require_approval: '', allow_network: false, max_changed_files: '', max_diff_lines: '' },
    priority: 'normal',
    verifyCommands: '',
    verifyProfile: '',
    usePlan: false,
    plan: { summary: '', steps: [newStep(1)] },
    deployTarget: '',
    deployStrategy: 'rolling',
    autoExecute: true,
  };
}

/** "plan.steps[0].ops[1].path" and "plan.steps.0.ops.1.path" both become the latter. */
export function normField(f: string): string {
  return f.replace(/\[(\d+)\]/g, '.$1').replace(/^\$?\./, '').replace(/^body\./, '');
}

const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);

function opBody(o: OpDraft): Op {
  switch (o.op) {
    case 'create': case 'update': case 'upsert': return { op: o.op, path: o.path.trim(), content: o.content };
    case 'delete': return { op: 'delete', path: o.path.trim() };
    case 'patch': return { op: 'patch', diff: o.diff };
    case 'run': return { op: 'run', command: o.command.trim() };
    case 'recipe': {
      let options: Record<string, unknown> | undefined;
      try { options = o.options.trim() ? JSON.parse(o.options) : undefined; } catch { options = undefined; }
      return { op: 'recipe', name: o.name.trim(), ...(options ? { options } : {}) };
    }
  }
}

export function toRequest(d: JobDraft): Record<string, unknown> {
  const r = d.repo;
  const repo: Record<string, string> = { kind: r.kind };
  if (r.kind === 'github') { repo.owner = r.owner.trim(); repo.repo = r.repo.trim(); }
  if (r.kind === 'gitlab') repo.project = r.project.trim();
  if (r.kind === 'git') repo.url = r.url.trim();
  if (r.kind === 'local') repo.path = r.path.trim();
  if (r.ref.trim()) repo.ref = r.ref.trim();
  const c = d.constraints;
  const constraints: Record<string, unknown> = { require_tests: c.require_tests, security_scan: c.security_scan, allow_network: c.allow_network };
  if (c.require_approval) constraints.require_approval = c.require_approval === 'true';
  if (c.max_changed_files.trim()) constraints.max_changed_files = Number(c.max_changed_files);
  if (c.max_diff_lines.trim()) constraints.max_diff_lines = Number(c.max_diff_lines);
  const plan: Plan | null = d.usePlan ? {
    summary: d.plan.summary.trim() || d.goal.trim(),
    steps: d.plan.steps.map((s) => ({
      id: s.id.trim(), title: s.title.trim(), ...(s.rationale.trim() ? { rationale: s.rationale.trim() } : {}),
      ops: s.ops.map(opBody), ...(lines(s.verify).length ? { verify: lines(s.verify) } : {}),
    })),
  } : null;
  return {
    repo,
    goal: d.goal.trim(),
    constraints,
    priority: d.priority,
    plan,
    verify: lines(d.verifyCommands).length || d.verifyProfile ? { ...(lines(d.verifyCommands).length ? { commands: lines(d.verifyCommands) } : {}), ...(d.verifyProfile ? { profile: d.verifyProfile } : {}) } : null,
    deploy: d.deployTarget.trim() ? { target: d.deployTarget.trim(), strategy: d.deployStrategy } : null,
    auto_execute: d.autoExecute,
  };
}

const badPath = (p: string) => /^\//.test(p) || /^[A-Za-z]:[\\/]/.test(p) || p.split(/[\\/]/).includes('..');

/** The checks we can make before the server sees the job; the server's own errors are shown the same way. */
export function validate(d: JobDraft): FieldError[] {
  const e: FieldError[] = [];
  const r = d.repo;
  if (r.kind === 'github') {
    if (!r.owner.trim()) e.push({ field: 'repo.owner', message: 'Enter the GitHub owner (user or organisation).' });
    if (!r.repo.trim()) e.push({ field: 'repo.repo', message: 'Enter the repository name.' });
  } else if (r.kind === 'gitlab') {
    if (!r.project.trim()) e.push({ field: 'repo.project', message: 'Enter the GitLab project path, such as group/project.' });
  } else if (r.kind === 'git') {
    if (!r.url.trim()) e.push({ field: 'repo.url', message: 'Enter the URL of the git repository.' });
    else if (!/^(https:\/\/|ssh:\/\/|git@|file:\/\/)/.test(r.url.trim())) e.push({ field: 'repo.url', message: 'Use an https://, ssh:// or file:// URL.' });
  } else if (r.kind === 'local') {
    if (!r.path.trim()) e.push({ field: 'repo.path', message: 'Enter the path of the repository on the server.' });
  }
  const goal = d.goal.trim();
  if (!goal) e.push({ field: 'goal', message: 'Describe the goal of the change.' });
  else if (goal.length > 4000) e.push({ field: 'goal', message: `The goal is ${goal.length} characters long; at most 4000 are allowed.` });
  for (const k of ['max_changed_files', 'max_diff_lines'] as const) {
    const v = d.constraints[k].trim();
    if (v && !(/^\d+$/.test(v) && Number(v) > 0)) e.push({ field: `constraints.${k}`, message: 'Enter a whole number greater than 0, or leave it empty.' });
  }
  if (d.usePlan) {
    if (!d.plan.steps.length) e.push({ field: 'plan.steps', message: 'An explicit plan needs at least one step.' });
    const seen = new Set<string>();
    d.plan.steps.forEach((s, i) => {
      const p = `plan.steps.${i}`;
      if (!s.id.trim()) e.push({ field: `${p}.id`, message: 'Give the step an id.' });
      else if (seen.has(s.id.trim())) e.push({ field: `${p}.id`, message: `Another step already has the id “${s.id.trim()}”.` });
      seen.add(s.id.trim());
      if (!s.title.trim()) e.push({ field: `${p}.title`, message: 'Give the step a title.' });
      if (!s.ops.length && !lines(s.verify).length) e.push({ field: `${p}.ops`, message: 'Add at least one operation or a verify command.' });
      s.ops.forEach((o, j) => {
        const q = `${p}.ops.${j}`;
        if (o.op === 'create' || o.op === 'update' || o.op === 'upsert' || o.op === 'delete') {
          if (!o.path.trim()) e.push({ field: `${q}.path`, message: 'Enter the file path, relative to the repository root.' });
          else if (badPath(o.path.trim())) e.push({ field: `${q}.path`, message: 'The path must stay inside the repository: no leading “/” and no “..”.' });
        }
        if (o.op === 'patch' && !o.diff.trim()) e.push({ field: `${q}.diff`, message: 'Paste a unified diff.' });
        if (o.op === 'run' && !o.command.trim()) e.push({ field: `${q}.command`, message: 'Enter the command to run.' });
        if (o.op === 'recipe') {
          if (!o.name.trim()) e.push({ field: `${q}.name`, message: 'Enter the recipe name.' });
          if (o.options.trim()) { try { const v = JSON.parse(o.options); if (typeof v !== 'object' || Array.isArray(v) || v === null) throw new Error(); } catch { e.push({ field: `${q}.options`, message: 'Options must be a JSON object, such as {"version": "3.11"}.' }); } }
        }
      });
    });
  }
  return e;
}

/** Fills the step editor from a plan in the Matrix AI shape. */
export function planToDraft(plan: Plan): JobDraft['plan'] {
  return {
    summary: plan.summary ?? '',
    steps: (plan.steps || []).map((s, i) => ({
      id: s.id ?? `s${i + 1}`, title: s.title ?? '', rationale: s.rationale ?? '', verify: (s.verify || []).join('\n'),
      ops: (s.ops || []).map((o: any) => ({ ...newOp(o.op), path: o.path ?? '', content: o.content ?? '', diff: o.diff ?? '', command: o.command ?? '', name: o.name ?? '', options: o.options ? JSON.stringify(o.options, null, 2) : '' })),
    })),
  };
}
