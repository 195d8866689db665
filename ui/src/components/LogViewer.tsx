import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { parseAnsi, stripAnsi, type Seg } from '../ansi';
import { ApiError, describeError, readSSE, request } from '../api';
import type { LogLine } from '../types';

export const ROW = 20; // px per log row: fixed so that only the visible rows are rendered

export type StreamState = 'connecting' | 'streaming' | 'ended' | 'error';

/**
 * Follows a job's log over SSE. Lines are kept in one mutable array and the component is told about new ones
 * at most every 100 ms, so 100k lines cost no more than a few renders. The server ends the stream when the job
 * finishes or waits for approval; `live` turning true again (the job resumed) reconnects and reads on.
 */
export function useLogStream(jobId: string, stage: string | null, live = true) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<StreamState>('connecting');
  const [error, setError] = useState<string | null>(null);
  const [gen, setGen] = useState(0);
  const store = useRef<{ key: string; buf: LogLine[]; lastId: number }>({ key: '', buf: [], lastId: -1 });
  const stateRef = useRef(state);
  stateRef.current = state;
  useEffect(() => { if (live && stateRef.current === 'ended') setGen((g) => g + 1); }, [live]);
  useEffect(() => {
    const key = `${jobId}|${stage ?? ''}`;
    if (store.current.key !== key) {
      store.current = { key, buf: [], lastId: -1 };
      setLines(store.current.buf);
      setVersion(0);
    }
    const st = store.current;
    const buf = st.buf;
    setState(buf.length ? 'streaming' : 'connecting');
    setError(null);
    const ctl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | null = null;
    let ended = false;
    const flush = () => { timer = null; setVersion((v) => v + 1); };
    const schedule = () => { if (!timer) timer = setTimeout(flush, 100); };
    const path = `/api/jobs/${encodeURIComponent(jobId)}/logs?follow=true${stage ? `&stage=${stage}` : ''}`;
    (async () => {
      let delay = 1000;
      while (!ended && !ctl.signal.aborted) {
        try {
          await readSSE(path, (m) => {
            if (m.event === 'end') { ended = true; return; }
            if (m.event !== 'log' && m.event !== 'message') return;
            const id = m.id != null && /^\d+$/.test(m.id) ? Number(m.id) : null;
            if (id != null) { if (id <= st.lastId) return; st.lastId = id; }
            try {
              const l = JSON.parse(m.data) as LogLine;
              buf.push({ stage: l.stage ?? stage ?? '', at: l.at, line: String(l.line ?? '') });
            } catch { buf.push({ stage: stage ?? '', line: m.data }); }
            setState('streaming');
            schedule();
          }, ctl.signal);
        } catch (e) {
          if (ctl.signal.aborted) return;
          if (e instanceof ApiError) {
            if ((e.status === 404 && !/job/i.test(e.problem.detail ?? '')) || e.status === 501 || e.status === 406) {
              // no follow on this server: read the plain text once
              try {
                const text = await request<string>(path.replace('follow=true', 'follow=false'), { text: true, signal: ctl.signal });
                buf.length = 0;
                for (const line of text.split('\n')) if (line) buf.push({ stage: stage ?? '', line });
                ended = true; schedule(); break;
              } catch (e2) { setError(describeError(e2)); setState('error'); return; }
            }
            setError(describeError(e)); setState('error'); return;
          }
        }
        if (ended || ctl.signal.aborted) break;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 10000);
      }
      if (!ctl.signal.aborted) { if (timer) clearTimeout(timer); flush(); setState('ended'); }
    })();
    return () => { ctl.abort(); if (timer) clearTimeout(timer); };
  }, [jobId, stage, gen]);
  return { lines, version, state, error };
}

function Marked({ text, q }: { text: string; q: string }) {
  if (!q) return <>{text}</>;
  const lower = text.toLowerCase();
  const out: ReactNode[] = [];
  let i = 0;
  let k = 0;
  for (let j = lower.indexOf(q); j >= 0; j = lower.indexOf(q, i)) {
    if (j > i) out.push(text.slice(i, j));
    out.push(<mark key={k++}>{text.slice(j, j + q.length)}</mark>);
    i = j + q.length;
  }
  if (i < text.length) out.push(text.slice(i));
  return <>{out}</>;
}

function segStyle(s: Seg): { className?: string; style?: React.CSSProperties } {
  const cls: string[] = [];
  const style: React.CSSProperties = {};
  if (s.fg) { if (s.fg.startsWith('c')) cls.push(`fg-${s.fg}`); else style.color = s.fg; }
  if (s.bg) { if (s.bg.startsWith('c')) cls.push(`bg-${s.bg}`); else style.backgroundColor = s.bg; }
  if (s.bold) cls.push('b');
  if (s.dim) cls.push('dim');
  if (s.italic) cls.push('i');
  if (s.underline) cls.push('u');
  return { className: cls.join(' ') || undefined, style: Object.keys(style).length ? style : undefined };
}

export function AnsiLine({ line, q }: { line: string; q: string }) {
  const segs = parseAnsi(line);
  return (
    <>
      {segs.map((s, i) => {
        const { className, style } = segStyle(s);
        return className || style ? <span key={i} className={className} style={style}><Marked text={s.text} q={q} /></span> : <Marked key={i} text={s.text} q={q} />;
      })}
    </>
  );
}

interface Props {
  lines: LogLine[];
  version?: number;
  state?: StreamState;
  error?: string | null;
  showStage?: boolean;
  label?: string;
  height?: number;
  emptyText?: string;
}

/** A virtualised, searchable log with ANSI colours that follows the end of the stream until you scroll up. */
export function LogViewer({ lines, version = 0, state = 'ended', error, showStage, label = 'Log', height = 420, emptyText = 'No log lines yet.' }: Props) {
  const [query, setQuery] = useState('');
  const [onlyMatches, setOnlyMatches] = useState(false);
  const [follow, setFollow] = useState(true);
  const [cur, setCur] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewH, setViewH] = useState(height);
  const box = useRef<HTMLDivElement>(null);
  const lower = useRef<{ src: LogLine[]; text: string[] }>({ src: lines, text: [] });
  const q = query.trim().toLowerCase();

  // lower-cased plain text of each line, extended as lines arrive
  if (lower.current.src !== lines) lower.current = { src: lines, text: [] };
  const texts = lower.current.text;
  for (let i = texts.length; i < lines.length; i++) texts.push(stripAnsi(lines[i].line).toLowerCase());

  const matches = useMemo(() => {
    if (!q) return [] as number[];
    const m: number[] = [];
    for (let i = 0; i < texts.length; i++) if (texts[i].includes(q)) m.push(i);
    return m;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q, lines, version, texts.length]);

  const filtered = onlyMatches && q;
  const count = filtered ? matches.length : lines.length;
  const at = (row: number) => (filtered ? matches[row] : row);
  const curLine = matches.length ? matches[Math.min(cur, matches.length - 1)] : -1;

  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => { if (el.clientHeight) setViewH(el.clientHeight); });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useLayoutEffect(() => {
    const el = box.current;
    if (follow && el) { el.scrollTop = count * ROW; setScrollTop(Math.max(0, count * ROW - viewH)); }
  }, [follow, count, version, viewH]);

  const scrollToRow = (row: number) => {
    const el = box.current;
    if (!el) return;
    const top = Math.max(0, row * ROW - viewH / 2);
    el.scrollTop = top;
    setScrollTop(top);
  };

  const go = (dir: 1 | -1) => {
    if (!matches.length) return;
    const next = (Math.min(cur, matches.length - 1) + dir + matches.length) % matches.length;
    setCur(next);
    setFollow(false);
    scrollToRow(filtered ? next : matches[next]);
  };

  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW * 2;
    if (!atEnd && follow && el.clientHeight) setFollow(false);
    else if (atEnd && !follow && el.clientHeight && state !== 'ended') setFollow(true);
  };

  const overscan = 10;
  const first = Math.max(0, Math.floor(scrollTop / ROW) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewH) / ROW) + overscan);
  const rows: ReactNode[] = [];
  for (let r = first; r < last; r++) {
    const i = at(r);
    const l = lines[i];
    if (!l) continue;
    rows.push(
      <div key={i} className={`log-row${i === curLine ? ' current' : ''}`} style={{ top: r * ROW }} title={l.at} data-line={i + 1}>
        <span className="log-no" aria-hidden="true">{i + 1}</span>
        {showStage && <span className="log-stage">{l.stage}</span>}
        <span className="log-text"><AnsiLine line={l.line} q={q} /></span>
      </div>,
    );
  }

  const stateText = state === 'connecting' ? 'Connecting…' : state === 'streaming' ? 'Live' : state === 'ended' ? 'Complete' : 'Stopped';
  return (
    <section className="logviewer" aria-label={label}>
      <div className="log-toolbar">
        <label className="log-search">
          <span className="sr-only">Search the log</span>
          <input
            type="search"
            placeholder="Search the log"
            value={query}
            onChange={(e) => { setQuery(e.target.value); setCur(0); }}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); go(e.shiftKey ? -1 : 1); } }}
          />
        </label>
        {q && (
          <span className="log-matches" aria-live="polite">
            {matches.length === 0 ? 'No matches' : `${Math.min(cur, matches.length - 1) + 1} of ${matches.length} matches`}
          </span>
        )}
        {q && <button type="button" onClick={() => go(-1)} disabled={!matches.length} aria-label="Previous match">↑</button>}
        {q && <button type="button" onClick={() => go(1)} disabled={!matches.length} aria-label="Next match">↓</button>}
        <label className="check"><input type="checkbox" checked={onlyMatches} onChange={(e) => setOnlyMatches(e.target.checked)} /> Only matching lines</label>
        <button type="button" aria-pressed={follow} onClick={() => setFollow((f) => !f)}>{follow ? 'Following' : 'Follow'}</button>
        <span className={`log-state ls-${state}`}>{stateText} · {lines.length.toLocaleString('en')} lines</span>
      </div>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      <div className="log-box" ref={box} onScroll={onScroll} tabIndex={0} role="log" aria-label={`${label} lines`} style={{ height }}>
        {count === 0 ? (
          <p className="log-empty">{q && filtered ? 'No line matches your search.' : state === 'connecting' ? 'Connecting to the log stream…' : emptyText}</p>
        ) : (
          <div className="log-spacer" style={{ height: count * ROW }}>{rows}</div>
        )}
      </div>
    </section>
  );
}
