export const STAGES = ['PLAN', 'PATCH', 'VERIFY', 'GATE', 'DEPLOY', 'PUBLISH'] as const;
export type StageName = (typeof STAGES)[number];

export const JOB_STATUSES = [
  'created', 'queued', 'running', 'awaiting_approval', 'succeeded', 'failed', 'cancelled', 'rejected',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export type StageStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface Stage {
  name: StageName | string;
  status: StageStatus | string;
  attempts?: number;
  started_at?: string | null;
  finished_at?: string | null;
  duration_ms?: number | null;
  summary?: string | null;
  worker?: string | null;
}

export interface Repo {
  kind: 'github' | 'gitlab' | 'git' | 'local' | string;
  owner?: string; repo?: string; project?: string; url?: string; path?: string; ref?: string;
}

export type Op =
  | { op: 'create' | 'update' | 'upsert'; path: string; content: string }
  | { op: 'delete'; path: string }
  | { op: 'patch'; diff: string }
  | { op: 'run'; command: string }
  | { op: 'recipe'; name: string; options?: Record<string, unknown> };

export interface PlanStep { id: string; title: string; rationale?: string; ops: Op[]; verify?: string[] }
export interface Plan { summary?: string; steps: PlanStep[] }

export interface GateRule { rule?: string; name?: string; id?: string; outcome?: string; result?: string; passed?: boolean; message?: string; detail?: string }
export interface Approval { id?: string; actor?: string; by?: string; approver?: string; user?: string; role?: string | null; decision?: string; comment?: string; reason?: string; at?: string; diff_digest?: string | null; voided_at?: string | null; void_reason?: string | null }
export interface DiffBinding { sha256?: string; base_commit?: string | null; result_commit?: string | null }
export interface Gate {
  decision?: 'allow' | 'deny' | 'require_approval' | string | null;
  reasons?: (string | GateRule)[] | null;
  rules?: GateRule[] | null;
  approvals?: Approval[] | null;
  diff?: DiffBinding | null;
}

export interface Evidence {
  tests?: { passed?: number; failed?: number; skipped?: number } | null;
  vulnerabilities?: { critical?: number; high?: number; medium?: number; low?: number } | null;
  sbom?: string | null;
  attestation?: string | null;
  attestation_verified?: boolean | null;
  [k: string]: unknown;
}

export interface Job {
  id: string;
  status: JobStatus | string;
  stage?: StageName | string | null;
  priority?: string;
  project?: string;
  repo?: Repo;
  goal?: string;
  constraints?: Record<string, unknown> | null;
  created_by?: string;
  created_at?: string;
  started_at?: string | null;
  finished_at?: string | null;
  base_commit?: string | null;
  result_commit?: string | null;
  branch?: string | null;
  stages?: Stage[];
  plan?: Plan | null;
  evidence?: Evidence | null;
  gate?: Gate | null;
  error?: string | null;
}

/** One job as GET /api/jobs lists it: no plan, evidence or stages (GET /api/jobs/{id} has them). */
export type JobSummary = Pick<Job, 'id' | 'status' | 'stage' | 'priority' | 'project' | 'repo' | 'goal' | 'created_by' | 'created_at' | 'started_at' | 'finished_at' | 'branch' | 'error'> & {
  tests?: { passed: number; failed: number; skipped: number } | null;
  gate_decision?: string | null;
  /** Present only on full jobs (older servers listed them in full). */
  stages?: Stage[];
};

export interface Page<T> { items: T[]; next_cursor?: string | null }

export interface Artifact {
  id: string; name: string; kind?: string; media_type?: string; size?: number; sha256?: string; stage?: string;
}

export interface TestCase { name: string; classname?: string; status: 'passed' | 'failed' | 'skipped' | string; message?: string | null; file?: string | null; time?: number | null }
export interface TestReport { passed: number; failed: number; skipped: number; suites: { name: string; cases: TestCase[] }[] }

export interface Stats {
  active_jobs: number;
  success_rate: number | null;
  workers_online: number | null;
  queue_depth: number;
  avg_stage_seconds: Partial<Record<string, number>>;
  recent_failures: JobSummary[];
}

/** A verification profile the server knows (GET /api/profiles). */
export interface Profile { name: string; check_kinds: string[]; egress_registry: boolean }
export interface FieldError { field: string; message: string }
export interface Problem { type?: string; title?: string; status?: number; detail?: string; errors?: FieldError[] }

export interface JobEvent { job_id: string; status?: string; stage?: string | null; stage_status?: string | null }
export interface LogLine { stage: string; at?: string; line: string }
