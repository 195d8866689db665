import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { NewJobPage } from './NewJob';
import { jsonResponse, mockFetch, problem, renderAt, signIn } from '../test/helpers';

const fill = (id: string, value: string) => fireEvent.change(document.getElementById(id)!, { target: { value } });

function fillValidLocalJob() {
  fill('f-repo-kind', 'local');
  fill('f-repo-path', '/srv/repos/app');
  fill('f-goal', 'Add a greeting file');
  fireEvent.click(screen.getByLabelText(/Write the plan myself/));
  fill('f-plan-steps-0-title', 'Create the file');
  fill('f-plan-steps-0-ops-0-path', 'hello.txt');
  fill('f-plan-steps-0-ops-0-content', 'hello\n');
}

describe('plan builder', () => {
  it('validates before submitting and shows each message at its field', async () => {
    signIn('operator');
    const calls = mockFetch();
    renderAt('/jobs/new', <NewJobPage />);
    fill('f-repo-kind', 'local');
    fireEvent.click(screen.getByLabelText(/Write the plan myself/));
    fill('f-plan-steps-0-ops-0-path', '../outside.txt');
    fireEvent.click(screen.getByRole('button', { name: 'Create job' }));
    expect(await screen.findByText('Please correct the 4 fields marked below.')).toBeTruthy();
    const err = (field: string) => document.querySelector(`[data-field="${field}"] .field-error`)?.textContent;
    expect(err('repo.path')).toBe('Enter the path of the repository on the server.');
    expect(err('goal')).toBe('Describe the goal of the change.');
    expect(err('plan.steps.0.title')).toBe('Give the step a title.');
    expect(err('plan.steps.0.ops.0.path')).toMatch(/must stay inside the repository/);
    expect(document.getElementById('f-goal')!.getAttribute('aria-invalid')).toBe('true');
    expect(calls.filter((c) => c.url.pathname === '/api/jobs')).toHaveLength(0); // nothing was sent
  });

  it("shows the API's own problem+json errors at the fields they name", async () => {
    signIn('operator');
    const calls = mockFetch((url, init) =>
      url.pathname === '/api/jobs' && init.method === 'POST'
        ? problem(422, 'The job request is not valid.', [
          { field: 'repo.path', message: 'must be under an allowed root (/data/repos)' },
          { field: 'plan.steps[0].ops[0].path', message: 'is a symlink out of the repository' },
          { field: 'publish.branch', message: 'is protected' },
        ])
        : undefined);
    renderAt('/jobs/new', <NewJobPage />);
    fillValidLocalJob();
    fireEvent.click(screen.getByRole('button', { name: 'Create job' }));
    expect(await screen.findByText('must be under an allowed root (/data/repos)')).toBeTruthy();
    expect(screen.getByText(/The server did not accept the job: The job request is not valid./)).toBeTruthy();
    expect(document.querySelector('[data-field="repo.path"] .field-error')?.textContent).toBe('must be under an allowed root (/data/repos)');
    expect(document.querySelector('[data-field="plan.steps.0.ops.0.path"] .field-error')?.textContent).toBe('is a symlink out of the repository');
    expect(document.getElementById('f-repo-path')!.getAttribute('aria-invalid')).toBe('true');
    // a field the form does not show is listed in the summary instead of being lost
    expect(screen.getByText('publish.branch').closest('li')?.textContent).toBe('publish.branch: is protected');
    const body = JSON.parse(String(calls.find((c) => c.url.pathname === '/api/jobs')!.init.body));
    expect(body.repo).toEqual({ kind: 'local', path: '/srv/repos/app' });
    expect(body.plan.steps[0].ops[0]).toEqual({ op: 'create', path: 'hello.txt', content: 'hello\n' });
  });

  it('opens the new job after a successful submit', async () => {
    signIn('operator');
    mockFetch((url, init) => (url.pathname === '/api/jobs' && init.method === 'POST' ? jsonResponse({ id: 'job_NEW1', status: 'queued' }, 201) : undefined));
    renderAt('/jobs/new', <NewJobPage />);
    fillValidLocalJob();
    fireEvent.click(screen.getByRole('button', { name: 'Create job' }));
    await waitFor(() => expect(window.location.pathname).toBe('/jobs/job_NEW1'));
  });

  it('tells a viewer plainly that they cannot create jobs', () => {
    signIn('viewer', 'val');
    mockFetch();
    renderAt('/jobs/new', <NewJobPage />);
    expect(screen.getByText(/Your role \(viewer\) can read jobs but not create them/)).toBeTruthy();
  });

  it('offers the verification profiles the server lists, and keeps a value it does not list', async () => {
    signIn('operator');
    const calls = mockFetch((url) =>
      url.pathname === '/api/profiles'
        ? jsonResponse({ items: [{ name: 'maven', check_kinds: ['fetch', 'test'], egress_registry: true }, { name: 'zig', check_kinds: ['test'], egress_registry: false }] })
        : undefined);
    renderAt('/jobs/new', <NewJobPage initial={{ verifyProfile: 'cobol' }} />);
    const select = document.getElementById('f-verify-profile') as HTMLSelectElement;
    await waitFor(() => expect(Array.from(select.options).map((o) => o.value)).toEqual(['', 'auto', 'maven', 'zig', 'cobol']));
    expect(Array.from(select.options).find((o) => o.value === 'maven')!.title).toBe('checks: fetch, test');
    expect(select.value).toBe('cobol');
    expect(calls.filter((c) => c.url.pathname === '/api/profiles')).toHaveLength(1);
  });
});
