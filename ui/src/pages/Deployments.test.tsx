import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { DeploymentsPage, mayRollBack } from './Deployments';
import { jsonResponse, mockFetch, problem, renderAt, signIn } from '../test/helpers';

const release = (id: string, status: string, over: Record<string, unknown> = {}) => ({
  id, target: 'shop', target_type: 'kubernetes', environment: 'staging', job_id: `job_${id.slice(4)}`, commit: 'abcdef1234567890',
  status, deployed: {}, health: status === 'healthy' ? 'rollout complete: deployment/web: 2/2 ready' : null, previous_release: null,
  started_at: '2025-01-01T10:00:00Z', finished_at: '2025-01-01T10:01:00Z', current_since: '2025-01-01T10:01:00Z', ...over,
});

function server(environment = 'staging') {
  let current = 'rel_2';
  const rollbacks: unknown[] = [];
  const calls = mockFetch((url, init) => {
    if (url.pathname === '/api/deploy/targets') return jsonResponse({ items: [{ name: 'shop', kind: 'kubernetes', environment }] });
    if (url.pathname === '/api/targets/shop') {
      return jsonResponse({
        name: 'shop', type: 'kubernetes', environment, state: { summary: '1 workload(s) of \'shop\' in the namespace shop' },
        current: release(current, 'healthy'),
        history: [release('rel_2', current === 'rel_2' ? 'healthy' : 'rolled_back'), release('rel_1', current === 'rel_1' ? 'healthy' : 'superseded')],
      });
    }
    if (url.pathname === '/api/targets/shop/rollback' && init.method === 'POST') {
      const body = JSON.parse(String(init.body));
      rollbacks.push(body);
      if (body.to_release !== 'rel_1') return problem(409, 'no');
      current = 'rel_1';
      return jsonResponse({ status: 'healthy', release: release('rel_1', 'healthy') });
    }
    return undefined;
  });
  return { calls, rollbacks };
}

describe('deployments', () => {
  it('shows the current release and its history, and an admin rolls back to an earlier release', async () => {
    signIn('admin');
    const { rollbacks } = server('production');
    renderAt('/deployments', <DeploymentsPage />);
    const current = await screen.findByText((_, el) => el?.getAttribute('data-current') === 'rel_2');
    expect(current.textContent).toContain('job_2');
    expect(current.textContent).toContain('abcdef123456');
    expect(screen.getByText(/1 workload\(s\) of 'shop'/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Roll back to this' }));
    expect(await screen.findByText('Rolled back to rel_1; it is the current release again.')).toBeTruthy();
    expect(rollbacks).toEqual([{ to_release: 'rel_1' }]);
    await waitFor(() => expect(document.querySelector('[data-current="rel_1"]')).toBeTruthy());
  });

  it('offers no rollback of a production target to an operator, nor of any target to a viewer', async () => {
    signIn('operator', 'op');
    server('production');
    renderAt('/deployments', <DeploymentsPage />);
    await screen.findByText((_, el) => el?.getAttribute('data-current') === 'rel_2');
    expect(screen.queryByRole('button', { name: 'Roll back to this' })).toBeNull();
    expect(mayRollBack('operator', 'staging')).toBe(true);
    expect(mayRollBack('operator', 'production')).toBe(false);
    expect(mayRollBack('viewer', 'staging')).toBe(false);
    expect(mayRollBack('admin', 'production')).toBe(true);
  });

  it('says so when no target is configured', async () => {
    signIn('viewer', 'v');
    mockFetch((url) => (url.pathname === '/api/deploy/targets' ? jsonResponse({ items: [] }) : undefined));
    renderAt('/deployments', <DeploymentsPage />);
    expect(await screen.findByText('No deploy target is configured: DEPLOY is skipped for every job.')).toBeTruthy();
  });
});
