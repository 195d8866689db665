import { useMemo, useState } from 'react';
import { highlight, langOf, parseDiff, type Tok } from '../highlight';

export function Code({ toks }: { toks: Tok[] }) {
  return <>{toks.map((t, i) => (t.kind === 'txt' ? t.text : <span key={i} className={`tk-${t.kind}`}>{t.text}</span>))}</>;
}

const MAX_LINES = 5000;

/** A unified diff, file by file, with line numbers, +/- colours and syntax colours by file type. */
export function DiffView({ diff }: { diff: string }) {
  const files = useMemo(() => parseDiff(diff), [diff]);
  const [all, setAll] = useState(false);
  if (!diff.trim()) return <p className="muted">The diff is empty: this job changed no file.</p>;
  if (!files.length) return <pre className="pre">{diff}</pre>;
  let budget = all ? Infinity : MAX_LINES;
  const total = files.reduce((n, f) => n + f.lines.length, 0);
  return (
    <div className="diff">
      <p className="muted">{files.length} {files.length === 1 ? 'file' : 'files'} changed, <span className="add-n">+{files.reduce((n, f) => n + f.added, 0)}</span> <span className="del-n">−{files.reduce((n, f) => n + f.removed, 0)}</span></p>
      {files.map((f, fi) => {
        const lang = langOf(f.path);
        const lines = f.lines.slice(0, Math.max(0, budget));
        budget -= lines.length;
        return (
          <details key={fi} className="diff-file" open={fi < 20}>
            <summary><code>{f.path}</code> <span className="add-n">+{f.added}</span> <span className="del-n">−{f.removed}</span></summary>
            <table className="diff-table">
              <tbody>
                {lines.map((l, i) => (
                  <tr key={i} className={`dl-${l.kind}`}>
                    <td className="ln">{l.oldNo ?? ''}</td>
                    <td className="ln">{l.newNo ?? ''}</td>
                    <td className="sign" aria-hidden="true">{l.kind === 'add' ? '+' : l.kind === 'del' ? '−' : ''}</td>
                    <td className="code">
                      {l.kind === 'add' && <span className="sr-only">added: </span>}
                      {l.kind === 'del' && <span className="sr-only">removed: </span>}
                      {l.kind === 'hunk' || l.kind === 'meta' ? l.text : <Code toks={highlight(l.text, lang)} />}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        );
      })}
      {!all && total > MAX_LINES && <button type="button" onClick={() => setAll(true)}>Show all {total.toLocaleString('en')} lines</button>}
    </div>
  );
}
