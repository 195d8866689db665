#!/usr/bin/env node
// A small stand-in for the Matrix Architect server, speaking the shapes of shared/API.md, so the UI and its
// browser test can be proven before the real server exists. It serves ui/dist with SPA fallback, keeps jobs in
// memory, runs the verify command of a job for real (sh -c, in the job's local path) and signs a DSSE
// attestation with an Ed25519 key. Bound to 127.0.0.1 only. Start: node e2e/mock-server.mjs [port]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = process.env.UI_DIST || path.join(here, '..', 'dist');
const PORT = Number(process.argv[2] || process.env.MOCK_PORT || 0);
const ADMIN_PASSWORD = process.env.ARCHITECT_ADMIN_PASSWORD || 'admin-password';
const STAGE_MS = Number(process.env.MOCK_STAGE_MS || 400);
const STAGES = ['PLAN', 'PATCH', 'VERIFY', 'GATE', 'DEPLOY', 'PUBLISH'];

const users = new Map([
  ['admin', { username: 'admin', password: ADMIN_PASSWORD, role: 'admin', created_at: new Date().toISOString() }],
  ['approver', { username: 'approver', password: 'approver-password', role: 'admin', created_at: new Date().toISOString() }],
  ['viewer', { username: 'viewer', password: 'viewer-password', role: 'viewer', created_at: new Date().toISOString() }],
]);
const tokens = new Map(); // access token -> {username, role, exp}
const apiTokens = [];
const jobs = []; // newest last
const logs = new Map(); // job id -> [{id, stage, at, line}]
const artifacts = new Map(); // job id -> Map(name -> {meta, body})
const eventClients = new Set();
let logSeq = 0;
let eventSeq = 0;
const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
const PUBLIC_PEM = publicKey.export({ type: 'spki', format: 'pem' });

const b64u = (b) => Buffer.from(b).toString('base64url');
const now = () => new Date().toISOString();
const id = (p) => `${p}_${Date.now().toString(36).toUpperCase()}${crypto.randomBytes(5).toString('hex').toUpperCase()}`;

function problem(res, status, detail, errors) {
  const body = { type: 'about:blank', title: http.STATUS_CODES[status], status, detail, ...(errors ? { errors } : {}) };
  res.writeHead(status, { 'Content-Type': 'application/problem+json' });
  res.end(JSON.stringify(body));
}
function json(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const t = Buffer.concat(chunks).toString('utf8');
  if (!t) return {};
  return JSON.parse(t);
}

function issue(user) {
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const token = `${b64u(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64u(JSON.stringify({ sub: user.username, role: user.role, exp }))}.${b64u(crypto.randomBytes(16))}`;
  tokens.set(token, { username: user.username, role: user.role, exp });
  return token;
}
function auth(req, url) {
  const h = req.headers.authorization || '';
  const t = h.startsWith('Bearer ') ? h.slice(7) : url.searchParams.get('access_token');
  const s = t && tokens.get(t);
  if (!s || s.exp * 1000 < Date.now()) return null;
  return s;
}
const RANK = { viewer: 1, operator: 2, admin: 3 };

function emit(job, stage) {
  const s = stage && job.stages.find((x) => x.name === stage);
  const data = JSON.stringify({ job_id: job.id, status: job.status, stage: job.stage, stage_status: s ? s.status : null });
  eventSeq++;
  for (const c of eventClients) c.write(`event: job\nid: ${eventSeq}\ndata: ${data}\n\n`);
}
function log(job, stage, line) {
  const arr = logs.get(job.id);
  arr.push({ id: ++logSeq, stage, at: now(), line });
}
function addArtifact(job, name, kind, stage, body, media) {
  const buf = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body, null, 2));
  artifacts.get(job.id).set(name, {
    meta: { id: id('art'), name, kind, media_type: media, size: buf.length, sha256: crypto.createHash('sha256').update(buf).digest('hex'), stage },
    body: buf,
  });
}

function validate(b) {
  const errors = [];
  const r = b.repo;
  if (!r || typeof r !== 'object') errors.push({ field: 'repo', message: 'is required' });
  else if (!['github', 'gitlab', 'git', 'local'].includes(r.kind)) errors.push({ field: 'repo.kind', message: 'must be one of github, gitlab, git, local' });
  else if (r.kind === 'local') {
    const roots = (process.env.ARCHITECT_REPO_ROOTS || '/tmp').split(':');
    if (!r.path) errors.push({ field: 'repo.path', message: 'is required for a local repository' });
    else if (!roots.some((root) => path.resolve(r.path).startsWith(path.resolve(root)))) errors.push({ field: 'repo.path', message: `must be under an allowed root (${roots.join(', ')})` });
    else if (!fs.existsSync(r.path)) errors.push({ field: 'repo.path', message: 'does not exist on the server' });
  } else if (r.kind === 'github' && (!r.owner || !r.repo)) errors.push({ field: r.owner ? 'repo.repo' : 'repo.owner', message: 'is required' });
  if (typeof b.goal !== 'string' || !b.goal.trim()) errors.push({ field: 'goal', message: 'is required' });
  else if (b.goal.length > 4000) errors.push({ field: 'goal', message: 'must be at most 4000 characters' });
  else if (/forbidden/i.test(b.goal)) errors.push({ field: 'goal', message: 'mentions a forbidden word (mock rule)' });
  if (b.priority && !['high', 'normal', 'low'].includes(b.priority)) errors.push({ field: 'priority', message: 'must be one of high, normal, low' });
  (b.plan?.steps || []).forEach((s, i) => (s.ops || []).forEach((o, j) => {
    if (['create', 'update', 'delete'].includes(o.op) && (!o.path || o.path.startsWith('/') || o.path.split('/').includes('..'))) errors.push({ field: `plan.steps[${i}].ops[${j}].path`, message: 'must be a relative path inside the repository' });
  }));
  return errors;
}

function newJob(b, user) {
  const job = {
    id: id('job'), status: 'created', stage: null, priority: b.priority || 'normal', project: 'default',
    repo: b.repo, goal: b.goal, constraints: { require_tests: true, security_scan: true, require_approval: false, allow_network: false, ...(b.constraints || {}) },
    verify: b.verify || null, deploy: b.deploy || null, publish: b.publish || null,
    created_by: user.username, created_at: now(), started_at: null, finished_at: null,
    base_commit: null, result_commit: null, branch: null,
    stages: STAGES.map((name) => ({ name, status: 'pending', attempts: 0, started_at: null, finished_at: null, duration_ms: null, summary: null, worker: null })),
    plan: b.plan || null, evidence: null, gate: null, error: null, _approvals: [],
  };
  jobs.push(job);
  logs.set(job.id, []);
  artifacts.set(job.id, new Map());
  return job;
}
const view = (j) => { const { _approvals, _timer, ...rest } = j; return { ...rest, gate: j.gate ? { ...j.gate, approvals: _approvals } : (_approvals.length ? { decision: null, reasons: [], approvals: _approvals } : null) }; };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function startStage(job, name) {
  const s = job.stages.find((x) => x.name === name);
  s.status = 'running'; s.attempts++; s.started_at = now(); s.finished_at = null; s.duration_ms = null; s.worker = 'mock-worker-1';
  job.stage = name;
  emit(job, name);
  return s;
}
function endStage(job, s, status, summary) {
  s.status = status; s.finished_at = now(); s.duration_ms = Date.parse(s.finished_at) - Date.parse(s.started_at); s.summary = summary;
  emit(job, s.name);
}
function finish(job, status, error) {
  job.status = status; job.finished_at = now(); job.error = error || null;
  emit(job, job.stage);
}

function runCommand(cmd, cwd, onLine) {
  return new Promise((resolve) => {
    const p = spawn('sh', ['-c', cmd], { cwd, env: { ...process.env, FORCE_COLOR: '1' } });
    let rest = '';
    const on = (d) => { rest += d.toString(); const parts = rest.split('\n'); rest = parts.pop(); parts.forEach(onLine); };
    p.stdout.on('data', on); p.stderr.on('data', on);
    p.on('close', (code) => { if (rest) onLine(rest); resolve(code ?? 1); });
    p.on('error', () => resolve(127));
  });
}

async function runPipeline(job) {
  const cancelled = () => job.status === 'cancelled';
  job.status = 'running'; job.started_at = job.started_at || now();
  const from = job.stages.findIndex((s) => s.status !== 'succeeded' && s.status !== 'skipped');
  for (let i = Math.max(from, 0); i < STAGES.length; i++) {
    const name = STAGES[i];
    if (cancelled()) return;
    const s = startStage(job, name);
    await sleep(STAGE_MS);
    if (cancelled()) { endStage(job, s, 'failed', 'cancelled'); return; }
    if (name === 'PLAN') {
      if (!job.plan) job.plan = { summary: job.goal, steps: [{ id: 's1', title: 'Write NOTES.md', rationale: 'mock planner', ops: [{ op: 'create', path: 'NOTES.md', content: `# ${job.goal}\n` }] }] };
      log(job, name, `planner: ${job.plan.steps.length} step(s)`);
      addArtifact(job, 'plan.json', 'plan', name, job.plan, 'application/json');
      endStage(job, s, 'succeeded', `${job.plan.steps.length} steps`);
    } else if (name === 'PATCH') {
      job.base_commit = crypto.randomBytes(20).toString('hex');
      let diff = '';
      for (const st of job.plan.steps) for (const op of st.ops || []) {
        log(job, name, `\x1b[36mapply\x1b[0m ${op.op} ${op.path ?? op.command ?? ''}`);
        if (op.op === 'create' || op.op === 'update') {
          const lines = String(op.content ?? '').replace(/\n$/, '').split('\n');
          diff += `diff --git a/${op.path} b/${op.path}\nnew file mode 100644\n--- /dev/null\n+++ b/${op.path}\n@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}\n`;
        }
      }
      job.result_commit = crypto.randomBytes(20).toString('hex');
      job.branch = `architect/${job.id}`;
      addArtifact(job, 'patch.diff', 'patch', name, diff, 'text/x-diff');
      endStage(job, s, 'succeeded', `${diff.split('\ndiff --git').length} file(s) changed`);
    } else if (name === 'VERIFY') {
      const cmds = job.verify?.commands?.length ? job.verify.commands : ['echo "no tests configured"'];
      const cwd = job.repo.kind === 'local' && fs.existsSync(job.repo.path) ? job.repo.path : process.cwd();
      let code = 0;
      const out = [];
      for (const c of cmds) {
        log(job, name, `\x1b[1m$ ${c}\x1b[0m`);
        code = await runCommand(c, cwd, (l) => { out.push(l); log(job, name, l); });
        if (code !== 0) break;
      }
      const ok = code === 0;
      log(job, name, ok ? '\x1b[32mBUILD SUCCESS\x1b[0m' : `\x1b[31mBUILD FAILURE\x1b[0m (exit code ${code})`);
      const report = {
        passed: ok ? 3 : 2, failed: ok ? 0 : 1, skipped: 1,
        suites: [{ name: 'mock.suite', cases: [
          { name: 'test_addition', classname: 'tests.test_math', status: ok ? 'passed' : 'failed', message: ok ? null : (out.filter(Boolean).slice(-5).join('\n') || `exit code ${code}`), file: 'tests/test_math.py', time: 0.01 },
          { name: 'test_subtraction', classname: 'tests.test_math', status: 'passed', message: null, file: 'tests/test_math.py', time: 0.02 },
          { name: 'test_division', classname: 'tests.test_math', status: 'passed', message: null, file: 'tests/test_math.py', time: 0.01 },
          { name: 'test_network', classname: 'tests.test_net', status: 'skipped', message: 'no network', file: 'tests/test_net.py', time: 0 },
        ] }],
      };
      addArtifact(job, 'verify.log', 'log', name, logs.get(job.id).filter((l) => l.stage === 'VERIFY').map((l) => l.line).join('\n') + '\n', 'text/plain');
      addArtifact(job, 'test-report.json', 'report', name, report, 'application/json');
      const sbom = { bomFormat: 'CycloneDX', specVersion: '1.5', components: [
        { type: 'library', name: 'requests', version: '2.31.0', purl: 'pkg:pypi/requests@2.31.0', licenses: [{ license: { id: 'Apache-2.0' } }] },
        { type: 'library', name: 'urllib3', version: '1.26.5', purl: 'pkg:pypi/urllib3@1.26.5', licenses: [{ license: { id: 'MIT' } }] },
      ] };
      addArtifact(job, 'sbom.cdx.json', 'sbom', name, sbom, 'application/vnd.cyclonedx+json');
      addArtifact(job, 'scan.json', 'scan', name, { vulnerabilities: [{ id: 'GHSA-v845-jxx5-vc9f', severity: 'high', package: { name: 'urllib3' }, version: '1.26.5', fixed_version: '1.26.18', summary: 'Cookie header leaks on cross-origin redirects' }] }, 'application/json');
      const statement = { _type: 'https://in-toto.io/Statement/v1', subject: [{ name: job.branch, digest: { sha1: job.result_commit } }], predicateType: 'https://slsa.dev/provenance/v1', predicate: { buildType: 'matrix-architect/verify' } };
      const payload = Buffer.from(JSON.stringify(statement));
      const type = 'application/vnd.in-toto+json';
      const pae = Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${payload.length} `), payload]);
      const sig = crypto.sign(null, pae, privateKey).toString('base64');
      addArtifact(job, 'attestation.intoto.json', 'attestation', name, { payloadType: type, payload: payload.toString('base64'), signatures: [{ keyid: 'mock-ed25519', sig }] }, 'application/json');
      job.evidence = { tests: { passed: report.passed, failed: report.failed, skipped: report.skipped }, vulnerabilities: { critical: 0, high: 1, medium: 0, low: 0 }, sbom: artifacts.get(job.id).get('sbom.cdx.json').meta.id, attestation: artifacts.get(job.id).get('attestation.intoto.json').meta.id };
      if (!ok) { endStage(job, s, 'failed', `1 test failed (exit code ${code})`); finish(job, 'failed', 'VERIFY failed: 1 test failed'); return; }
      endStage(job, s, 'succeeded', `${report.passed} passed, ${report.skipped} skipped`);
    } else if (name === 'GATE') {
      const reasons = ['VERIFY succeeded: tests passed'];
      if (job.constraints.require_approval && !job._approvals.some((a) => a.decision === 'approved')) {
        reasons.push("approval required by the job's constraints (or REQUIRE_APPROVALS)");
        job.gate = { decision: 'require_approval', reasons };
        log(job, name, 'gate: waiting for an approval');
        s.summary = 'waiting for approval';
        job.status = 'awaiting_approval';
        emit(job, name);
        return; // resumed by approve
      }
      job.gate = job.gate?.decision === 'require_approval' ? { decision: 'allow', reasons: [...job.gate.reasons, 'approved'] } : { decision: 'allow', reasons };
      log(job, name, `gate: ${job.gate.decision}`);
      endStage(job, s, 'succeeded', job.gate.decision);
    } else if (name === 'DEPLOY') {
      log(job, name, 'no deploy target: skipped');
      endStage(job, s, 'skipped', 'no deploy target requested');
    } else if (name === 'PUBLISH') {
      log(job, name, `pushed ${job.branch}`);
      endStage(job, s, 'succeeded', `pushed ${job.branch}`);
    }
  }
  finish(job, 'succeeded');
}

function sse(res) {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  res.write(': hello\n\n');
}

function followLogs(req, res, job, stage) {
  sse(res);
  let after = 0;
  let closed = false;
  req.on('close', () => { closed = true; });
  const tick = () => {
    if (closed) return;
    const batch = logs.get(job.id).filter((l) => l.id > after && (!stage || l.stage === stage));
    for (const l of batch) { res.write(`event: log\nid: ${l.id}\ndata: ${JSON.stringify({ stage: l.stage, at: l.at, line: l.line })}\n\n`); after = l.id; }
    const done = ['succeeded', 'failed', 'cancelled', 'rejected', 'awaiting_approval'].includes(job.status);
    if (!batch.length && done) { res.write(`event: end\ndata: ${JSON.stringify({ status: job.status })}\n\n`); res.end(); return; }
    setTimeout(tick, 150);
  };
  tick();
}

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png' };
function serveStatic(res, pathname) {
  let file = path.join(DIST, path.normalize(pathname).replace(/^(\.\.[/\\])+/, ''));
  if (!file.startsWith(DIST) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(DIST, 'index.html');
  if (!fs.existsSync(file)) { res.writeHead(404, { 'Content-Type': 'text/plain' }); res.end('ui/dist is missing: run npm run build'); return; }
  res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  const p = url.pathname;
  const m = (re) => re.exec(p);
  if (!p.startsWith('/api/')) return serveStatic(res, p);
  if (p === '/api/health') return json(res, 200, { status: 'ok' });
  if (p === '/api/auth/token' && req.method === 'POST') {
    let b; try { b = await readBody(req); } catch { return problem(res, 400, 'The body is not valid JSON.'); }
    const u = users.get(b.username);
    if (!u || u.password !== b.password) return problem(res, 401, 'Wrong username or password.');
    return json(res, 200, { access_token: issue(u), token_type: 'bearer', expires_in: 3600 });
  }
  const who = auth(req, url);
  if (!who) return problem(res, 401, 'A valid bearer token is required.');
  const can = (role) => RANK[who.role] >= RANK[role];
  let r;
  if (p === '/api/events') {
    sse(res); res.write('event: hello\ndata: {}\n\n');
    eventClients.add(res);
    const ka = setInterval(() => res.write(': keep-alive\n\n'), 15000);
    req.on('close', () => { eventClients.delete(res); clearInterval(ka); });
    return;
  }
  if (p === '/api/jobs' && req.method === 'GET') {
    const f = Object.fromEntries(url.searchParams);
    let list = [...jobs].reverse();
    if (f.status) list = list.filter((j) => j.status === f.status);
    if (f.stage) list = list.filter((j) => j.stage === f.stage);
    if (f.created_by) list = list.filter((j) => j.created_by === f.created_by);
    if (f.repo) list = list.filter((j) => JSON.stringify(j.repo).includes(f.repo));
    const limit = Math.min(Math.max(Number(f.limit || 50), 1), 200);
    const off = Number(f.cursor || 0);
    const items = list.slice(off, off + limit).map(view);
    return json(res, 200, { items, next_cursor: off + limit < list.length ? String(off + limit) : null });
  }
  if (p === '/api/jobs' && req.method === 'POST') {
    if (!can('operator')) return problem(res, 403, 'Your role cannot create jobs.');
    let b; try { b = await readBody(req); } catch { return problem(res, 400, 'The body is not valid JSON.'); }
    const errors = validate(b);
    if (errors.length) return problem(res, 422, 'The job request is not valid.', errors);
    const job = newJob(b, who);
    emit(job, null);
    if (b.auto_execute) { job.status = 'queued'; emit(job, null); setTimeout(() => runPipeline(job), 50); }
    return json(res, 201, view(job));
  }
  const findJob = (jid) => jobs.find((j) => j.id === jid);
  if ((r = m(/^\/api\/jobs\/([^/]+)$/))) {
    const j = findJob(r[1]);
    return j ? json(res, 200, view(j)) : problem(res, 404, `No job ${r[1]}.`);
  }
  if ((r = m(/^\/api\/execute\/([^/]+)$/)) && req.method === 'POST') {
    const j = findJob(r[1]);
    if (!j) return problem(res, 404, `No job ${r[1]}.`);
    if (j.status !== 'created') return problem(res, 409, `The job is ${j.status}, not created.`);
    j.status = 'queued'; emit(j, null); setTimeout(() => runPipeline(j), 50);
    return json(res, 202, view(j));
  }
  if ((r = m(/^\/api\/jobs\/([^/]+)\/(cancel|retry|approve|reject)$/)) && req.method === 'POST') {
    const j = findJob(r[1]);
    if (!j) return problem(res, 404, `No job ${r[1]}.`);
    if (!can('operator')) return problem(res, 403, 'Your role cannot do this.');
    let b = {}; try { b = await readBody(req); } catch { /* empty */ }
    if (r[2] === 'cancel') {
      if (['succeeded', 'failed', 'cancelled', 'rejected'].includes(j.status)) return problem(res, 409, `The job is already ${j.status}.`);
      finish(j, 'cancelled'); return json(res, 202, view(j));
    }
    if (r[2] === 'retry') {
      if (!['failed', 'cancelled', 'rejected'].includes(j.status)) return problem(res, 409, `Only failed, cancelled or rejected jobs can be retried; this one is ${j.status}.`);
      j.status = 'queued'; j.finished_at = null; j.error = null; emit(j, null); setTimeout(() => runPipeline(j), 50); return json(res, 202, view(j));
    }
    if (j.status !== 'awaiting_approval') return problem(res, 409, `The job is ${j.status}, not awaiting approval.`);
    if (process.env.MOCK_FORBID_SELF_APPROVAL === '1' && j.created_by === who.username && r[2] === 'approve') return problem(res, 409, 'The creator of a job cannot approve it.');
    j._approvals.push({ id: id('apr'), by: who.username, decision: r[2] === 'approve' ? 'approved' : 'rejected', comment: b.comment ?? b.reason ?? '', at: now() });
    const gate = j.stages.find((s) => s.name === 'GATE');
    if (r[2] === 'reject') { endStage(j, gate, 'failed', `rejected by ${who.username}`); j.gate = { ...j.gate, decision: 'deny', reasons: [...(j.gate?.reasons || []), `rejected by ${who.username}`] }; finish(j, 'rejected'); }
    else { j.gate = { ...j.gate, reasons: [...(j.gate?.reasons || [])] }; gate.status = 'pending'; gate.attempts--; j.status = 'queued'; emit(j, 'GATE'); setTimeout(() => runPipeline(j), 50); }
    return json(res, 200, view(j));
  }
  if ((r = m(/^\/api\/jobs\/([^/]+)\/logs$/))) {
    const j = findJob(r[1]);
    if (!j) return problem(res, 404, `No job ${r[1]}.`);
    const stage = url.searchParams.get('stage');
    if (stage && !STAGES.includes(stage)) return problem(res, 400, 'stage must be one of PLAN, PATCH, VERIFY, GATE, DEPLOY, PUBLISH', [{ field: 'stage', message: 'unknown stage' }]);
    if (url.searchParams.get('follow') === 'true') return followLogs(req, res, j, stage);
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    return res.end(logs.get(j.id).filter((l) => !stage || l.stage === stage).map((l) => `${l.at} ${l.stage} ${l.line}\n`).join(''));
  }
  if (p === '/api/approvals') return json(res, 200, { items: jobs.filter((j) => j.status === 'awaiting_approval').reverse().map(view) });
  if ((r = m(/^\/api\/artifacts\/([^/]+)$/))) {
    if (!findJob(r[1])) return problem(res, 404, `No job ${r[1]}.`);
    return json(res, 200, { items: [...artifacts.get(r[1]).values()].map((a) => a.meta) });
  }
  if ((r = m(/^\/api\/artifacts\/([^/]+)\/([^/]+)$/))) {
    const a = artifacts.get(r[1])?.get(decodeURIComponent(r[2]));
    if (!a) return problem(res, 404, `No artifact ${r[2]} for this job.`);
    res.writeHead(200, { 'Content-Type': a.meta.media_type });
    return res.end(a.body);
  }
  if (p === '/api/keys/attestation') { res.writeHead(200, { 'Content-Type': 'application/x-pem-file' }); return res.end(PUBLIC_PEM); }
  if (p === '/api/users') {
    if (!can('admin')) return problem(res, 403, 'Only administrators manage users.');
    if (req.method === 'GET') return json(res, 200, { items: [...users.values()].map(({ password, ...u }) => u) });
    if (req.method === 'POST') {
      const b = await readBody(req);
      const errors = [];
      if (!b.username) errors.push({ field: 'username', message: 'is required' });
      if (!b.password || b.password.length < 8) errors.push({ field: 'password', message: 'must be at least 8 characters' });
      if (errors.length) return problem(res, 400, 'The user is not valid.', errors);
      users.set(b.username, { username: b.username, password: b.password, role: b.role || 'viewer', created_at: now() });
      return json(res, 201, { username: b.username, role: b.role || 'viewer' });
    }
  }
  if (p === '/api/tokens') {
    if (req.method === 'GET') return json(res, 200, { items: apiTokens.filter((t) => t.owner === who.username).map(({ owner, ...t }) => t) });
    if (req.method === 'POST') {
      const b = await readBody(req);
      if (!b.name) return problem(res, 400, 'A token needs a name.', [{ field: 'name', message: 'is required' }]);
      const t = { id: id('tok'), name: b.name, role: b.role, created_at: now(), expires_at: new Date(Date.now() + (b.expires_in || 86400) * 1000).toISOString(), owner: who.username };
      apiTokens.push(t);
      return json(res, 201, { id: t.id, token: `mat_${crypto.randomBytes(18).toString('hex')}`, expires_at: t.expires_at });
    }
  }
  if (p === '/api/chat') return problem(res, 503, 'No AI model is configured. Set OPENAI_API_KEY or ANTHROPIC_API_KEY to enable chat.');
  return problem(res, 404, `No endpoint ${req.method} ${p}.`);
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((e) => { try { problem(res, 500, String(e?.message || e)); } catch { /* gone */ } });
});
server.listen(PORT, '127.0.0.1', () => {
  const addr = server.address();
  console.log(`mock-server listening on http://127.0.0.1:${addr.port}`);
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
