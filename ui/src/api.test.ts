// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { SSEParser, jwtClaims, roleFromClaims, type SSEMessage } from './api';
import { normField, toRequest, emptyDraft } from './planform';
import { computeStats } from './stats';
import { parseDiff } from './highlight';
import type { Job } from './types';

describe('SSEParser', () => {
  it('parses events split across chunks, CRLF endings, comments and multi-line data', () => {
    const out: SSEMessage[] = [];
    const p = new SSEParser((m) => out.push(m));
    p.feed(': keep-alive\n\nevent: log\nid: 7\ndata: {"stage":"VER');
    p.feed('IFY","line":"ok"}\n\nevent: job\r');
    p.feed('\ndata: a\r\ndata: b\r\n\r\nevent: end\ndata: {}\n\n');
    expect(out).toEqual([
      { event: 'log', id: '7', data: '{"stage":"VERIFY","line":"ok"}' },
      { event: 'job', id: '7', data: 'a\nb' },
      { event: 'end', id: '7', data: '{}' },
    ]);
  });
});

describe('tokens', () => {
  it('reads the subject and role of a JWT', () => {
    const b = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const c = jwtClaims(`${b({ alg: 'HS256' })}.${b({ sub: 'alice', role: 'operator' })}.sig`);
    expect(c.sub).toBe('alice');
    expect(roleFromClaims(c)).toBe('operator');
    expect(roleFromClaims(jwtClaims('opaque-api-token'))).toBe('viewer');
  });
});

describe('plan builder request', () => {
  it('normalises API field paths', () => {
    expect(normField('plan.steps[0].ops[1].path')).toBe('plan.steps.0.ops.1.path');
    expect(normField('repo.kind')).toBe('repo.kind');
  });
  it('builds the POST /api/jobs body of API.md', () => {
    const d = emptyDraft();
    d.repo = { ...d.repo, kind: 'local', path: ' /srv/repos/app ' };
    d.goal = 'Add a file';
    d.constraints.require_approval = 'true';
    d.verifyCommands = 'make test\n\n';
    d.usePlan = true;
    d.plan.steps[0] = { id: 's1', title: 'Add', rationale: '', verify: '', ops: [{ op: 'create', path: 'a.txt', content: 'hi\n', diff: '', command: '', name: '', options: '' }] };
    expect(toRequest(d)).toEqual({
      repo: { kind: 'local', path: '/srv/repos/app' },
      goal: 'Add a file',
      constraints: { require_tests: true, security_scan: true, allow_network: false, require_approval: true },
      priority: 'normal',
      plan: { summary: 'Add a file', steps: [{ id: 's1', title: 'Add', ops: [{ op: 'create', path: 'a.txt', content: 'hi\n' }] }] },
      verify: { commands: ['make test'] },
      deploy: null,
      auto_execute: true,
    });
  });
});

describe('dashboard figures without /api/stats', () => {
  it('computes active jobs, success rate, queue depth and stage averages', () => {
    const st = (name: string, status: string, ms: number) => ({ name, status, duration_ms: ms });
    const jobs = [
      { id: '1', status: 'running', stages: [st('PLAN', 'succeeded', 1000)] },
      { id: '2', status: 'queued', stages: [] },
      { id: '3', status: 'succeeded', stages: [st('PLAN', 'succeeded', 3000), st('VERIFY', 'succeeded', 10000)] },
      { id: '4', status: 'failed', stages: [st('VERIFY', 'failed', 4000)] },
      { id: '5', status: 'succeeded', stages: [] },
    ] as Job[];
    const s = computeStats(jobs);
    expect(s.active_jobs).toBe(2);
    expect(s.queue_depth).toBe(1);
    expect(s.success_rate).toBeCloseTo(2 / 3);
    expect(s.avg_stage_seconds).toEqual({ PLAN: 2, VERIFY: 7 });
    expect(s.recent_failures.map((j) => j.id)).toEqual(['4']);
  });
});

describe('diff parsing', () => {
  it('numbers added, removed and context lines per file', () => {
    const files = parseDiff('diff --git a/x.py b/x.py\nindex 1..2 100644\n--- a/x.py\n+++ b/x.py\n@@ -1,2 +1,2 @@\n import os\n-print(1)\n+print(2)\n');
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ path: 'x.py', added: 1, removed: 1 });
    expect(files[0].lines.map((l) => [l.kind, l.oldNo, l.newNo])).toEqual([['meta', undefined, undefined], ['hunk', undefined, undefined], ['ctx', 1, 1], ['del', 2, undefined], ['add', undefined, 2]]);
  });
});
