#!/usr/bin/env node
// End-to-end test of the web UI in Debian's Chromium (playwright-core, no browser download) against a running
// server. Environment:
//   ARCHITECT_URL             server base URL (default http://127.0.0.1:8080)
//   ARCHITECT_ADMIN_PASSWORD  password of the user "admin" (required)
//   CHROMIUM_PATH             browser binary (default /usr/lib/chromium/chromium)
//   E2E_REPO_PATH             a local repository under ARCHITECT_REPO_ROOTS (required)
//   E2E_VERIFY_CMD            verify command that succeeds (default: "true")
//   E2E_FAILING_VERIFY_CMD    verify command whose tests fail (default: "exit 1")
//   E2E_FAILING_TEST_NAME     optional: name of the failing test the evidence must show
//   E2E_REQUIRE_TESTS         "false" unticks require_tests in the plan builder (default: leave the server default)
//   E2E_APPROVER_USER / E2E_APPROVER_PASSWORD  a second user who approves (the creator may not approve its own job)
//   E2E_SCREENSHOTS           screenshot folder (default ../target/ui-screenshots relative to ui/)
//   E2E_RELEASES              optional: "rel_a,rel_b", two releases of the target "staging" (rel_b current)
//   E2E_TIMEOUT_MS            how long a job may take to finish (default 180000)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.ARCHITECT_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const PASSWORD = process.env.ARCHITECT_ADMIN_PASSWORD;
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/lib/chromium/chromium';
const REPO = process.env.E2E_REPO_PATH;
const VERIFY = process.env.E2E_VERIFY_CMD || 'true';
const FAILING = process.env.E2E_FAILING_VERIFY_CMD || 'exit 1';
const FAILING_TEST = process.env.E2E_FAILING_TEST_NAME || '';
const SHOTS = path.resolve(process.env.E2E_SCREENSHOTS || path.join(here, '..', '..', 'target', 'ui-screenshots'));
const JOB_TIMEOUT = Number(process.env.E2E_TIMEOUT_MS || 180000);
const APPROVER = process.env.E2E_APPROVER_USER;
const APPROVER_PASSWORD = process.env.E2E_APPROVER_PASSWORD;

if (!PASSWORD || !REPO) {
  console.error('Set ARCHITECT_ADMIN_PASSWORD and E2E_REPO_PATH (see the head of e2e/run.mjs).');
  process.exit(2);
}
if (!fs.existsSync(CHROMIUM)) {
  console.error(`No browser at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH.`);
  process.exit(2);
}
fs.mkdirSync(SHOTS, { recursive: true });

const results = [];
const consoleErrors = [];
let passed = 0;
let failed = 0;

async function step(name, fn) {
  const t = Date.now();
  try {
    await fn();
    passed++;
    results.push({ name, ok: true, ms: Date.now() - t });
    console.log(`  ✓ ${name} (${Date.now() - t} ms)`);
  } catch (e) {
    failed++;
    results.push({ name, ok: false, ms: Date.now() - t, error: String(e?.message || e) });
    console.log(`  ✕ ${name}: ${String(e?.message || e).split('\n')[0]}`);
    try { await page.screenshot({ path: path.join(SHOTS, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true }); } catch { /* no page */ }
  }
}
const shot = (name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
function assert(cond, msg) { if (!cond) throw new Error(msg); }

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
const page = await context.newPage();
page.setDefaultTimeout(15000);
page.on('console', (m) => {
  // Chromium logs every non-2xx fetch as "Failed to load resource"; the UI expects some (a wrong password,
  // endpoints this server does not offer yet), so only script errors count.
  if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) consoleErrors.push(m.text());
});
page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));

const nav = () => page.locator('nav[aria-label="Main"]');

async function login(user, password) {
  await page.goto(`${BASE}/login`);
  await page.locator('input[name=username]').fill(user);
  await page.locator('input[name=password]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForSelector('.topbar');
}
async function logout() {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForSelector('.login-card');
}

/** Fills the plan builder and submits; returns the new job id. */
async function createJob({ goal, verify, approval = false, file }) {
  await nav().getByRole('link', { name: 'New job', exact: true }).click();
  await page.waitForSelector('form[aria-label="Plan builder"]');
  await page.selectOption('#f-repo-kind', 'local');
  await page.fill('#f-repo-path', REPO);
  await page.fill('#f-goal', goal);
  if (process.env.E2E_REQUIRE_TESTS === 'false') await page.getByLabel(/Require tests/).uncheck();
  if (approval) await page.selectOption('#f-constraints-require_approval', 'true');
  await page.fill('#f-verify-commands', verify);
  await page.getByLabel(/Write the plan myself/).check();
  await page.fill('#f-plan-steps-0-title', `Create ${file}`);
  await page.selectOption('#f-plan-steps-0-ops-0-op', 'create');
  await page.fill('#f-plan-steps-0-ops-0-path', file);
  await page.fill('#f-plan-steps-0-ops-0-content', `written by the UI end-to-end test at ${new Date().toISOString()}\n`);
  await page.getByRole('button', { name: 'Create job' }).click();
  await page.waitForURL(/\/jobs\/(?!new)[^/?]+/, { timeout: 20000 });
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
}
async function waitStatus(status, timeout = JOB_TIMEOUT) {
  await page.waitForSelector(`.job-detail[data-status="${status}"]`, { timeout });
}

const stamp = Date.now().toString(36);
let okJob = null;
let approvalJob = null;
let failJob = null;

console.log(`UI end-to-end test against ${BASE}`);

await step('login page rejects a wrong password', async () => {
  await page.goto(`${BASE}/`);
  await page.waitForURL(/\/login/);
  await page.locator('input[name=username]').fill('admin');
  await page.locator('input[name=password]').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Wrong username or password.').waitFor();
  await shot('01-login-error');
});

await step('log in as admin and see the dashboard', async () => {
  await login('admin', PASSWORD);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await page.waitForSelector('[data-testid=active] .stat-value');
  await shot('02-dashboard');
});

await step('plan builder shows validation errors at the field', async () => {
  await nav().getByRole('link', { name: 'New job', exact: true }).click();
  await page.waitForSelector('form[aria-label="Plan builder"]');
  await page.selectOption('#f-repo-kind', 'local');
  await page.getByLabel(/Write the plan myself/).check();
  await page.getByRole('button', { name: 'Create job' }).click();
  await page.locator('[data-field="goal"] .field-error').waitFor();
  await page.locator('[data-field="repo.path"] .field-error').waitFor();
  await page.locator('[data-field="plan.steps.0.ops.0.path"] .field-error').waitFor();
  await shot('03-plan-builder-errors');
});

await step('create a job in the plan builder and watch it succeed without reloading', async () => {
  okJob = await createJob({ goal: `UI e2e ${stamp}: add a file`, verify: VERIFY, file: `ui-e2e/ok-${stamp}.txt` });
  await page.evaluate(() => { window.__noReload = 'still here'; });
  await page.waitForSelector('.pipeline');
  await shot('04-job-running');
  await waitStatus('succeeded');
  assert(await page.evaluate(() => window.__noReload) === 'still here', 'the page was reloaded');
  const verify = await page.locator('.stage[data-stage="VERIFY"]').getAttribute('data-status');
  assert(verify === 'succeeded', `VERIFY is ${verify}`);
  await shot('05-job-succeeded');
});

await step('open the VERIFY log', async () => {
  assert(okJob, 'no job');
  await page.locator('.stage[data-stage="VERIFY"] button').click();
  await page.waitForSelector('section[aria-label="VERIFY log"] .log-row', { timeout: 20000 });
  const rows = await page.locator('section[aria-label="VERIFY log"] .log-row').count();
  assert(rows > 0, 'no log line');
  await page.locator('section[aria-label="VERIFY log"] input[type=search]').fill('$');
  await shot('06-verify-log');
  await page.locator('section[aria-label="VERIFY log"] input[type=search]').fill('');
});

await step('open an artifact', async () => {
  await page.getByRole('tab', { name: 'Artifacts' }).click();
  await page.waitForSelector('.artifacts table');
  const names = await page.locator('.artifacts tbody tr td:first-child').allInnerTexts();
  assert(names.length > 0, 'no artifact listed');
  const pick = names.find((n) => /\.log$/.test(n)) || names.find((n) => /\.json$/.test(n)) || names[0];
  await page.getByRole('button', { name: `Open ${pick}` }).click();
  await page.waitForSelector('.artifact-content', { timeout: 20000 });
  await page.waitForFunction(() => !document.querySelector('.artifact-content .loading'));
  await shot('07-artifact');
  await page.getByRole('tab', { name: 'Diff' }).click();
  await page.waitForSelector('.diff, .tab-panel .muted');
  await shot('08-diff');
  await page.getByRole('tab', { name: 'Evidence' }).click();
  await page.waitForSelector('.evidence');
  await page.waitForTimeout(500);
  await shot('09-evidence');
  await page.getByRole('tab', { name: 'Plan' }).click();
  await shot('10-plan');
});

await step('approve a job waiting at GATE', async () => {
  approvalJob = await createJob({ goal: `UI e2e ${stamp}: needs approval`, verify: VERIFY, approval: true, file: `ui-e2e/approval-${stamp}.txt` });
  await waitStatus('awaiting_approval');
  await shot('11-awaiting-approval');
  if (APPROVER && APPROVER_PASSWORD) {
    await logout();
    await login(APPROVER, APPROVER_PASSWORD);
  }
  await nav().getByRole('link', { name: 'Approvals' }).click();
  const card = page.locator(`.inbox li[data-job="${approvalJob}"]`);
  await card.waitFor({ timeout: 20000 });
  await shot('12-approvals-inbox');
  await card.getByRole('textbox').fill('Looks good (UI e2e)');
  await card.getByRole('button', { name: 'Approve' }).click();
  await card.waitFor({ state: 'detached', timeout: 20000 });
  await page.goto(`${BASE}/jobs/${encodeURIComponent(approvalJob)}`);
  await waitStatus('succeeded');
  await shot('13-approved-succeeded');
  if (APPROVER && APPROVER_PASSWORD) { await logout(); await login('admin', PASSWORD); }
});

await step("see a failed job's failing test", async () => {
  failJob = await createJob({ goal: `UI e2e ${stamp}: failing tests`, verify: FAILING, file: `ui-e2e/fail-${stamp}.txt` });
  await waitStatus('failed');
  const verify = await page.locator('.stage[data-stage="VERIFY"]').getAttribute('data-status');
  assert(verify === 'failed', `VERIFY is ${verify}`);
  await page.getByRole('tab', { name: 'Evidence' }).click();
  await page.waitForSelector('.failures .failure', { timeout: 20000 });
  const text = await page.locator('.failures').innerText();
  if (FAILING_TEST) assert(text.includes(FAILING_TEST), `the failing test ${FAILING_TEST} is not shown: ${text}`);
  await shot('14-failed-test');
});

await step('jobs list filters by status', async () => {
  await nav().getByRole('link', { name: 'Jobs', exact: true }).click();
  await page.waitForSelector('.jobs-table');
  await shot('15-jobs');
  await page.selectOption('select >> nth=0', 'failed');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('.jobs-table tbody tr')];
    return rows.length > 0 && rows.every((r) => r.getAttribute('data-status') === 'failed');
  });
  await shot('16-jobs-failed');
});

await step('chat panel says plainly whether a model is configured', async () => {
  await page.goto(`${BASE}/jobs/${encodeURIComponent(failJob ?? okJob)}?tab=chat`);
  await page.getByRole('textbox', { name: 'Message' }).fill('Why did this fail?');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForSelector('.chat .notice, .chat .msg-assistant:not(.muted), .chat .field-error', { timeout: 30000 });
  await shot('17-chat');
});

if (process.env.E2E_RELEASES) {
  const [first, second] = process.env.E2E_RELEASES.split(',');
  await step('the Deployments page shows the release a job deployed, and an admin rolls back to the one before', async () => {
    await nav().getByRole('link', { name: 'Deployments' }).click();
    await page.waitForSelector(`[data-target="staging"] [data-current="${second}"]`);
    await page.waitForSelector(`[data-target="staging"] tr[data-release="${first}"]`);
    await shot('18a-deployments');
    await page.locator(`tr[data-release="${first}"]`).getByRole('button', { name: 'Roll back to this' }).click();
    await page.getByText(`Rolled back to ${first}; it is the current release again.`).waitFor({ timeout: 30000 });
    await page.waitForSelector(`[data-target="staging"] [data-current="${first}"]`);
    await page.waitForSelector(`tr[data-release="${second}"] .badge, tr[data-release="${second}"]`);
    const status = await page.locator(`tr[data-release="${second}"]`).innerText();
    assert(/rolled.back/i.test(status), `the release rolled away from is not shown as rolled back: ${status}`);
    await shot('18b-deployments-rolled-back');
  });
}

await step('settings are shown per role', async () => {
  await nav().getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('tab', { name: 'Users and roles' }).click();
  await page.waitForSelector('.tab-panel table, .tab-panel .notice');
  await shot('18-settings-users');
  await page.getByRole('tab', { name: 'API tokens' }).click();
  await page.waitForSelector('.tab-panel form, .tab-panel .notice');
  await shot('19-settings-tokens');
});

await step('pages are readable at 390 px', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${BASE}/`);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await shot('20-dashboard-390');
  await page.goto(`${BASE}/jobs/${encodeURIComponent(okJob)}`);
  await page.waitForSelector('.pipeline');
  await shot('21-job-390');
  await page.goto(`${BASE}/jobs`);
  await page.waitForSelector('.jobs-table');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 1, `the page is ${overflow}px wider than the screen`);
  await shot('22-jobs-390');
  await page.setViewportSize({ width: 1280, height: 860 });
});

await step('sign out and an expired session leads back to login', async () => {
  await page.goto(`${BASE}/`);
  await page.evaluate(() => {
    const k = 'matrix-architect.session';
    const s = JSON.parse(sessionStorage.getItem(k));
    s.token = 'expired.token.value';
    sessionStorage.setItem(k, JSON.stringify(s));
  });
  await page.goto(`${BASE}/jobs`);
  await page.getByText('Your session has expired').waitFor();
  await shot('23-session-expired');
});

await step('no console errors', async () => {
  assert(consoleErrors.length === 0, consoleErrors.join('\n'));
});

await browser.close();
fs.writeFileSync(path.join(SHOTS, 'results.json'), JSON.stringify({ base: BASE, jobs: { okJob, approvalJob, failJob }, results, consoleErrors }, null, 2));
console.log(`screenshots in ${SHOTS}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
