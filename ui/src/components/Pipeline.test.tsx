import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { Pipeline } from './Pipeline';
import { sampleJob } from '../test/helpers';
import type { Job } from '../types';

describe('Pipeline', () => {
  it('draws the six stages in order with status, duration and attempts from the job JSON', () => {
    const { container } = render(<Pipeline job={sampleJob() as Job} />);
    const items = container.querySelectorAll('li.stage');
    expect([...items].map((li) => li.getAttribute('data-stage'))).toEqual(['PLAN', 'PATCH', 'VERIFY', 'GATE', 'DEPLOY', 'PUBLISH']);
    expect([...items].map((li) => li.getAttribute('data-status'))).toEqual(['succeeded', 'succeeded', 'running', 'pending', 'skipped', 'pending']);
    const plan = within(items[0] as HTMLElement);
    expect(plan.getByText('1.5 s')).toBeTruthy(); // from started_at/finished_at
    expect(plan.getByText('1 attempt')).toBeTruthy();
    expect(plan.getByText('3 steps')).toBeTruthy();
    const patch = within(items[1] as HTMLElement);
    expect(patch.getByText('2.0 s')).toBeTruthy(); // from duration_ms
    expect(patch.getByText('2 attempts')).toBeTruthy();
    // a skipped stage says why, and is never shown as succeeded
    const deploy = within(items[4] as HTMLElement);
    expect(deploy.getByText('skipped')).toBeTruthy();
    expect(deploy.getByText('no deploy target requested')).toBeTruthy();
  });

  it('fills in stages the server did not list as pending, and lets a stage be picked', () => {
    const picked: string[] = [];
    const job = { id: 'job_x', status: 'queued', stages: [{ name: 'PLAN', status: 'running', attempts: 1 }] } as Job;
    render(<Pipeline job={job} onSelect={(s) => picked.push(s)} />);
    fireEvent.click(screen.getByRole('button', { name: /^VERIFY: pending/ }));
    expect(picked).toEqual(['VERIFY']);
    expect(screen.getAllByRole('button')).toHaveLength(6);
    expect(screen.getByRole('button', { name: /^PLAN: running/ })).toBeTruthy();
  });
});
