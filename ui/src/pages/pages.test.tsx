import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { App } from '../App';
import { Router } from '../router';
import { render } from '@testing-library/react';
import { loadSession } from '../api';
import { JobsPage } from './Jobs';
import { SettingsPage } from './Settings';
import { DashboardPage } from './Dashboard';
import { ApprovalsPage } from './Approvals';
import { ChatPanel } from '../components/ChatPanel';
import { TestResults } from '../components/Evidence';
import { GateView } from '../components/Gate';
import { jsonResponse, mockFetch, problem, renderAt, sampleJob, signIn } from '../test/helpers';

const jwt = (claims: object) => `e30.${btoa(JSON.stringify(claims)).replace(/=+$/, '')}.sig`;

describe('login', () => {
  it('says so when the password is wrong, and signs in with the right one', async () => {
    mockFetch(async (url, init) => {
      if (url.pathname !== '/api/auth/token') return url.pathname === '/api/jobs' ? jsonResponse({ items: [], next_cursor: null }) : undefined;
      const b = JSON.parse(String(init.body));
      return b.password === 'right' ? jsonResponse({ access_token: jwt({ sub: 'admin', role: 'admin' }), token_type: 'bearer', expires_in: 3600 }) : problem(401, 'Bad credentials');
    });
    window.history.replaceState(null, '', '/jobs');
    render(<Router><App /></Router>);
    await waitFor(() => expect(window.location.pathname).toBe('/login'));
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'admin' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong username or password.');
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'right' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(window.location.pathname).toBe('/jobs')); // back where the person wanted to go
    expect(loadSession()).toMatchObject({ username: 'admin', role: 'admin' });
    expect(document.cookie).toBe(''); // the token is never put in a cookie
    expect(await screen.findByText(/There are no jobs yet/)).toBeTruthy();
  });

  it('sends the person back to login with a sentence when the session expires (401)', async () => {
    signIn();
    mockFetch((url) => (url.pathname.startsWith('/api/') ? problem(401, 'Jwt expired') : undefined));
    window.history.replaceState(null, '', '/jobs');
    render(<Router><App /></Router>);
    expect(await screen.findByText('Your session has expired. Please sign in again.')).toBeTruthy();
    expect(window.location.pathname).toBe('/login');
    expect(loadSession()).toBeNull();
  });
});

describe('empty and error states', () => {
  it('jobs: an empty list is a sentence, and filters go to the API', async () => {
    signIn();
    const calls = mockFetch((url) => (url.pathname === '/api/jobs' ? jsonResponse({ items: [], next_cursor: null }) : undefined));
    renderAt('/jobs', <JobsPage />);
    expect(await screen.findByText('There are no jobs yet. Create one with “New job”.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'failed' } });
    expect(await screen.findByText('No job matches these filters. Clear them to see every job.')).toBeTruthy();
    expect(calls.at(-1)!.url.searchParams.get('status')).toBe('failed');
  });

  it('jobs: a server error is explained in a sentence with a way to retry', async () => {
    signIn();
    mockFetch((url) => (url.pathname === '/api/jobs' ? problem(500, 'The database is unreachable.') : undefined));
    renderAt('/jobs', <JobsPage />);
    expect(await screen.findByText('The jobs could not be loaded: The database is unreachable.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('jobs: lists jobs newest first as the API gives them, with links', async () => {
    signIn();
    mockFetch((url) => (url.pathname === '/api/jobs' ? jsonResponse({ items: [sampleJob({ id: 'job_B' }), sampleJob({ id: 'job_A', status: 'failed' })], next_cursor: 'c2' }) : undefined));
    const { container } = renderAt('/jobs', <JobsPage />);
    await screen.findByText('job_B');
    expect([...container.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-job'))).toEqual(['job_B', 'job_A']);
    expect(screen.getByText('job_A').closest('a')!.getAttribute('href')).toBe('/jobs/job_A');
    expect((screen.getByRole('button', { name: 'Older →' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('settings: endpoints the server lacks are named, not crashed on', async () => {
    signIn('admin');
    mockFetch();
    renderAt('/settings', <SettingsPage />);
    fireEvent.click(screen.getByRole('tab', { name: 'Users and roles' }));
    expect(await screen.findByText('This server does not offer user management yet.')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Policies' }));
    expect(await screen.findByText('This server does not offer policies yet.')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Deploy targets' }));
    expect(await screen.findByText('This server does not offer deploy targets yet.')).toBeTruthy();
  });

  it('settings: sections follow the role', () => {
    signIn('viewer', 'val');
    mockFetch();
    renderAt('/settings', <SettingsPage />);
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Your account', 'API tokens']);
  });

  it('dashboard: without /api/stats the figures are computed from the jobs', async () => {
    signIn();
    mockFetch((url) => (url.pathname === '/api/jobs'
      ? jsonResponse({ items: [sampleJob({ id: 'job_R' }), sampleJob({ id: 'job_F', status: 'failed', error: 'VERIFY failed' }), sampleJob({ id: 'job_S', status: 'succeeded' })], next_cursor: null })
      : undefined));
    renderAt('/', <DashboardPage />);
    expect(await screen.findByText(/this server has no statistics endpoint yet/)).toBeTruthy();
    expect(screen.getByTestId('active').querySelector('.stat-value')!.textContent).toBe('1');
    expect(screen.getByTestId('success').querySelector('.stat-value')!.textContent).toBe('50 %');
    expect(screen.getByText('This server does not report workers yet.')).toBeTruthy();
    expect(screen.getByText('VERIFY failed')).toBeTruthy();
  });

  it('approvals: nothing waiting is said in a sentence', async () => {
    signIn();
    mockFetch((url) => (url.pathname === '/api/approvals' ? jsonResponse({ items: [] }) : undefined));
    renderAt('/approvals', <ApprovalsPage />);
    expect(await screen.findByText('Nothing waits for your decision.')).toBeTruthy();
  });

  it('approvals: without an inbox endpoint, each listed summary is read in full for its gate', async () => {
    signIn();
    const calls = mockFetch((url) => {
      if (url.pathname === '/api/jobs') return jsonResponse({ items: [{ id: 'job_W', status: 'awaiting_approval', goal: 'Bump the parser', gate_decision: 'require_approval' }], next_cursor: null });
      if (url.pathname === '/api/jobs/job_W') return jsonResponse(sampleJob({ id: 'job_W', status: 'awaiting_approval', goal: 'Bump the parser', gate: { decision: 'require_approval', reasons: ['production deploys need an approval'], approvals: [] } }));
      return undefined;
    });
    renderAt('/approvals', <ApprovalsPage />);
    expect(await screen.findByText(/production deploys need an approval/)).toBeTruthy();
    expect(calls.some((c) => c.url.pathname === '/api/jobs/job_W')).toBe(true);
  });

  it('chat: says plainly that no model is configured', async () => {
    signIn();
    mockFetch((url) => (url.pathname === '/api/chat' ? problem(503, 'No language model is configured.') : undefined));
    renderAt('/jobs/job_1', <ChatPanel jobId="job_1" />);
    fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'Why did VERIFY fail?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('No AI model is configured on this server: No language model is configured.')).toBeTruthy();
    expect((screen.getByLabelText('Message') as HTMLTextAreaElement).disabled).toBe(true);
  });

  it('chat: shows the model\'s reply', async () => {
    signIn();
    mockFetch((url) => (url.pathname === '/api/chat' ? jsonResponse({ reply: 'VERIFY failed on test_mul.', model: 'gpt-test' }) : undefined));
    renderAt('/jobs/job_1', <ChatPanel jobId="job_1" />);
    fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'Why did VERIFY fail?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('VERIFY failed on test_mul.')).toBeTruthy();
    expect((screen.getByLabelText('Message') as HTMLTextAreaElement).disabled).toBe(false);
  });

  it('chat: a model that fails this time is an error, and chat stays available', async () => {
    signIn();
    mockFetch((url) => (url.pathname === '/api/chat' ? problem(502, 'the openai model at api.openai.com answered HTTP 500.') : undefined));
    renderAt('/jobs/job_1', <ChatPanel jobId="job_1" />);
    fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'Why?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('the openai model at api.openai.com answered HTTP 500.')).toBeTruthy();
    expect((screen.getByLabelText('Message') as HTMLTextAreaElement).disabled).toBe(false);
  });

  it('chat: the server\'s own sentence about a missing model is shown once', async () => {
    signIn();
    const sentence = 'No AI model is configured on this server, so chat is not available.';
    mockFetch((url) => (url.pathname === '/api/chat' ? problem(503, sentence) : undefined));
    renderAt('/jobs/job_1', <ChatPanel jobId="job_1" />);
    fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'Why?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText(sentence)).toBeTruthy();
  });

  it('chat: a server without the endpoint says it does not offer chat yet', async () => {
    signIn();
    mockFetch();
    renderAt('/', <ChatPanel jobId="job_1" />);
    fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'hi' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('This server does not offer chat yet.')).toBeTruthy();
  });
});

describe('evidence and gate', () => {
  it('expands failed tests with their message and keeps passed ones behind a toggle', () => {
    render(<TestResults report={{ passed: 1, failed: 1, skipped: 0, suites: [{ name: 's', cases: [
      { name: 'test_ok', classname: 'a.B', status: 'passed', time: 0.1 },
      { name: 'test_sum', classname: 'a.B', status: 'failed', message: 'expected 2 but was 3', file: 'src/test/B.java', time: 0.2 },
    ] }] }} />);
    const failure = screen.getByText('test_sum').closest('details')!;
    expect(failure.open).toBe(true);
    expect(failure.textContent).toContain('expected 2 but was 3');
    expect(failure.textContent).toContain('src/test/B.java');
    expect(screen.queryByText('test_ok')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show the other 1 test' }));
    expect(screen.getByText('test_ok')).toBeTruthy();
  });

  it("shows the gate decision with each rule's outcome", () => {
    render(<GateView gate={{ decision: 'deny', reasons: ['VERIFY did not succeed'], rules: [{ rule: 'max_high_vulns', passed: true, message: '0 high ≤ 0' }], approvals: [] }} />);
    expect(screen.getByText('Denied')).toBeTruthy();
    expect(screen.getByText('VERIFY did not succeed').closest('tr')!.textContent).toContain('✕ failed');
    expect(screen.getByText('max_high_vulns').closest('tr')!.textContent).toContain('✓ passed');
  });
});

describe('live updates', () => {
  it('the job page follows /api/events without reloading', async () => {
    signIn();
    let push: (s: string) => void = () => {};
    const stream = new ReadableStream<Uint8Array>({ start(c) { const enc = new TextEncoder(); push = (s) => c.enqueue(enc.encode(s)); } });
    let status = 'running';
    mockFetch((url) => {
      if (url.pathname === '/api/events') return new Response(stream, { headers: { 'Content-Type': 'text/event-stream' } });
      if (url.pathname === '/api/jobs/job_01TEST') return jsonResponse(sampleJob({ status }));
      if (url.pathname === '/api/artifacts/job_01TEST') return jsonResponse({ items: [] });
      if (url.pathname === '/api/jobs/job_01TEST/logs') return new Response('event: end\ndata: {}\n\n', { headers: { 'Content-Type': 'text/event-stream' } });
      return undefined;
    });
    window.history.replaceState(null, '', '/jobs/job_01TEST');
    const { container } = render(<Router><App /></Router>);
    await waitFor(() => expect(container.querySelector('.job-detail')?.getAttribute('data-status')).toBe('running'));
    status = 'succeeded';
    await act(async () => { push('event: job\ndata: {"job_id":"job_01TEST","status":"succeeded","stage":"PUBLISH","stage_status":"succeeded"}\n\n'); });
    await waitFor(() => expect(container.querySelector('.job-detail')?.getAttribute('data-status')).toBe('succeeded'));
    expect(screen.getByText('Live')).toBeTruthy();
  });
});
