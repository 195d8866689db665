import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { LogViewer } from './LogViewer';
import { parseAnsi, stripAnsi } from '../ansi';
import type { LogLine } from '../types';

const L = (line: string): LogLine => ({ stage: 'VERIFY', line });

describe('ANSI handling', () => {
  it('turns SGR sequences into styled segments and drops other escapes', () => {
    expect(parseAnsi('\x1b[1;31mFAIL\x1b[0m test_x \x1b[38;5;196mred\x1b[39m \x1b[38;2;1;2;3mrgb\x1b[K')).toEqual([
      { text: 'FAIL', bold: true, fg: 'c1' },
      { text: ' test_x ' },
      { text: 'red', fg: 'rgb(255,0,0)' },
      { text: ' ' },
      { text: 'rgb', fg: 'rgb(1,2,3)' },
    ]);
    expect(parseAnsi('\x1b[92;44mok\x1b[22m')).toEqual([{ text: 'ok', fg: 'c10', bg: 'c4' }]);
    expect(stripAnsi('\x1b[32mPASSED\x1b[0m tests/a.py')).toBe('PASSED tests/a.py');
  });

  it('renders coloured spans in the viewer', () => {
    const { container } = render(<LogViewer lines={[L('\x1b[1;31mFAIL\x1b[0m test_x')]} />);
    const span = container.querySelector('.log-text span');
    expect(span?.textContent).toBe('FAIL');
    expect(span?.className).toBe('fg-c1 b');
    expect(container.querySelector('.log-text')?.textContent).toBe('FAIL test_x');
  });
});

describe('LogViewer', () => {
  it('searches across lines ignoring colours and case, and can show only matching lines', () => {
    const lines = [L('starting'), L('\x1b[31mERROR\x1b[0m one'), L('fine'), L('another error here')];
    const { container } = render(<LogViewer lines={lines} />);
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'error' } });
    expect(screen.getByText('1 of 2 matches')).toBeTruthy();
    expect([...container.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['ERROR', 'error']);
    fireEvent.keyDown(screen.getByRole('searchbox'), { key: 'Enter' });
    expect(screen.getByText('2 of 2 matches')).toBeTruthy();
    expect(container.querySelector('.log-row.current')?.getAttribute('data-line')).toBe('4');
    fireEvent.click(screen.getByLabelText('Only matching lines'));
    expect(container.querySelectorAll('.log-row')).toHaveLength(2);
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'nothing like this' } });
    expect(screen.getByText('No matches')).toBeTruthy();
    expect(screen.getByText('No line matches your search.')).toBeTruthy();
  });

  it('copes with 100k lines: renders only the visible rows and still finds every match', () => {
    const lines: LogLine[] = Array.from({ length: 100_000 }, (_, i) => L(i % 1000 === 0 ? `\x1b[33mWARN\x1b[0m checkpoint ${i}` : `line ${i}`));
    const t = performance.now();
    const { container } = render(<LogViewer lines={lines} height={400} />);
    expect(container.querySelectorAll('.log-row').length).toBeLessThan(100);
    expect(screen.getByText(/100,000 lines/)).toBeTruthy();
    // follows the end of the stream: the last line is rendered
    expect(container.querySelector('.log-row[data-line="100000"]')).toBeTruthy();
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'warn' } });
    expect(screen.getByText('1 of 100 matches')).toBeTruthy();
    expect(container.querySelector('.log-row.current')?.getAttribute('data-line')).toBe('1');
    expect(performance.now() - t).toBeLessThan(5000);
  });

  it('says so when there is nothing to show', () => {
    render(<LogViewer lines={[]} state="ended" emptyText="VERIFY has written no log line." />);
    expect(screen.getByText('VERIFY has written no log line.')).toBeTruthy();
  });
});
