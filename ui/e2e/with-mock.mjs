#!/usr/bin/env node
// Runs e2e/run.mjs against e2e/mock-server.mjs (for use before the real server exists, or to test the UI alone).
// Needs ui/dist (npm run build) and Debian's chromium.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ui-e2e-'));
const repo = path.join(root, 'repo');
fs.mkdirSync(repo);
fs.writeFileSync(path.join(repo, 'README.md'), '# sample\n');
try { execFileSync('git', ['init', '-q', repo]); } catch { /* git is optional for the mock */ }
const password = 'mock-admin-password';
const env = { ...process.env, ARCHITECT_ADMIN_PASSWORD: password, ARCHITECT_REPO_ROOTS: root, MOCK_FORBID_SELF_APPROVAL: '1' };

const server = spawn(process.execPath, [path.join(here, 'mock-server.mjs'), '0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  server.stdout.on('data', (d) => { const m = /listening on (\S+)/.exec(String(d)); if (m) resolve(m[1]); });
  server.on('exit', (c) => reject(new Error(`mock server exited with ${c}`)));
});
const child = spawn(process.execPath, [path.join(here, 'run.mjs')], {
  stdio: 'inherit',
  env: {
    ...env,
    ARCHITECT_URL: url,
    E2E_REPO_PATH: repo,
    E2E_VERIFY_CMD: process.env.E2E_VERIFY_CMD || "printf '\\033[32mok\\033[0m 3 tests passed\\n'",
    E2E_FAILING_VERIFY_CMD: process.env.E2E_FAILING_VERIFY_CMD || "echo 'AssertionError: 1 + 1 != 3'; exit 1",
    E2E_FAILING_TEST_NAME: 'test_addition',
    E2E_APPROVER_USER: 'approver',
    E2E_APPROVER_PASSWORD: 'approver-password',
  },
});
const code = await new Promise((r) => child.on('exit', r));
server.kill('SIGTERM');
fs.rmSync(root, { recursive: true, force: true });
process.exit(code ?? 1);
