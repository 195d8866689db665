import { useEffect, useState } from 'react';
import { describeError } from '../api';
import { fetchArtifact, isTextual } from '../artifacts';
import type { Artifact } from '../types';
import { formatBytes } from '../format';
import { highlight } from '../highlight';
import { Code, DiffView } from './DiffView';
import { LogViewer } from './LogViewer';
import { Loading, Notice } from './common';

const MAX_TEXT = 4 * 1024 * 1024;

function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ArtifactContent({ jobId, artifact }: { jobId: string; artifact: Artifact }) {
  const [state, setState] = useState<{ text?: string; blob?: Blob; type?: string; error?: string } | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    setState(null);
    fetchArtifact(jobId, artifact.name, ctl.signal).then(async (f) => {
      const textual = isTextual(f.type, artifact.name);
      setState({ blob: f.blob, type: f.type, text: textual && f.blob.size <= MAX_TEXT ? await f.text() : undefined });
    }, (e) => { if (!ctl.signal.aborted) setState({ error: describeError(e) }); });
    return () => ctl.abort();
  }, [jobId, artifact.name]);
  if (!state) return <Loading what={`Opening ${artifact.name}`} />;
  if (state.error) return <Notice kind="error">{artifact.name} could not be opened: {state.error}</Notice>;
  const name = artifact.name;
  let body;
  if (state.text == null) body = <p className="muted">This artifact is {state.blob && state.blob.size > MAX_TEXT ? 'too large to show here' : 'binary'} ({formatBytes(state.blob?.size)}); download it to read it.</p>;
  else if (/\.(diff|patch)$/.test(name) || artifact.kind === 'patch') body = <DiffView diff={state.text} />;
  else if (/\.log$/.test(name) || artifact.kind === 'log') body = <LogViewer lines={state.text.split('\n').filter((l, i, a) => l || i < a.length - 1).map((line) => ({ stage: artifact.stage ?? '', line }))} label={name} height={360} emptyText="This log is empty." />;
  else if (/json/.test(state.type ?? '') || /\.json$/.test(name)) {
    let pretty = state.text;
    try { pretty = JSON.stringify(JSON.parse(state.text), null, 2); } catch { /* show as is */ }
    body = <pre className="pre code-block">{pretty.length < 200000 ? <Code toks={highlight(pretty, 'js')} /> : pretty}</pre>;
  } else body = <pre className="pre">{state.text}</pre>;
  return (
    <div className="artifact-content" aria-label={`Contents of ${name}`}>
      <div className="row spread"><h4><code>{name}</code></h4>{state.blob && <button type="button" onClick={() => download(state.blob!, name)}>Download</button>}</div>
      {body}
    </div>
  );
}

export function ArtifactList({ jobId, items, open, onOpen }: { jobId: string; items: Artifact[]; open: string | null; onOpen: (name: string | null) => void }) {
  if (!items.length) return <p className="muted">This job has no artifacts yet. Stages add them as they finish.</p>;
  const current = items.find((a) => a.name === open);
  return (
    <div className="artifacts">
      <div className="table-wrap">
        <table className="table">
          <thead><tr><th>Name</th><th>Kind</th><th>Stage</th><th>Size</th><th><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id || a.name} className={a.name === open ? 'selected' : ''}>
                <td><code>{a.name}</code></td><td>{a.kind ?? '—'}</td><td>{a.stage ?? '—'}</td><td>{formatBytes(a.size)}</td>
                <td><button type="button" onClick={() => onOpen(a.name === open ? null : a.name)} aria-label={`${a.name === open ? 'Close' : 'Open'} ${a.name}`}>{a.name === open ? 'Close' : 'Open'}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {current && <ArtifactContent jobId={jobId} artifact={current} />}
    </div>
  );
}
