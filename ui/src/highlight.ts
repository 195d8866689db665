/** A small syntax colourer for diffs and plan contents: comments, strings, numbers, keywords. */
export type TokKind = 'kw' | 'str' | 'com' | 'num' | 'txt';
export interface Tok { kind: TokKind; text: string }

const KW: Record<string, string[]> = {
  java: ['abstract', 'boolean', 'break', 'case', 'catch', 'class', 'else', 'enum', 'extends', 'final', 'for', 'if', 'implements', 'import', 'int', 'interface', 'long', 'new', 'null', 'package', 'private', 'protected', 'public', 'record', 'return', 'static', 'switch', 'this', 'throw', 'throws', 'try', 'var', 'void', 'while', 'true', 'false'],
  js: ['async', 'await', 'break', 'case', 'catch', 'class', 'const', 'default', 'else', 'export', 'extends', 'false', 'for', 'from', 'function', 'if', 'import', 'interface', 'let', 'new', 'null', 'return', 'switch', 'this', 'throw', 'true', 'try', 'type', 'undefined', 'var', 'while'],
  py: ['and', 'as', 'async', 'await', 'class', 'def', 'elif', 'else', 'except', 'False', 'finally', 'for', 'from', 'if', 'import', 'in', 'is', 'lambda', 'None', 'not', 'or', 'pass', 'raise', 'return', 'True', 'try', 'while', 'with', 'yield'],
  go: ['break', 'case', 'chan', 'const', 'default', 'defer', 'else', 'func', 'for', 'go', 'if', 'import', 'interface', 'map', 'nil', 'package', 'range', 'return', 'struct', 'switch', 'type', 'var'],
  rs: ['as', 'enum', 'fn', 'for', 'if', 'impl', 'let', 'loop', 'match', 'mod', 'mut', 'pub', 'return', 'self', 'struct', 'trait', 'use', 'where', 'while'],
  sh: ['case', 'do', 'done', 'echo', 'elif', 'else', 'esac', 'exit', 'export', 'fi', 'for', 'function', 'if', 'in', 'local', 'then', 'while'],
  yaml: ['true', 'false', 'null', 'yes', 'no'],
};
const EXT: Record<string, string> = {
  java: 'java', kt: 'java', scala: 'java', c: 'java', h: 'java', cpp: 'java', cs: 'java',
  js: 'js', mjs: 'js', cjs: 'js', ts: 'js', tsx: 'js', jsx: 'js', json: 'js',
  py: 'py', rb: 'py', go: 'go', rs: 'rs', sh: 'sh', bash: 'sh', yml: 'yaml', yaml: 'yaml', toml: 'yaml',
};

export function langOf(path: string): string | null {
  const base = path.split('/').pop() || '';
  if (base === 'Makefile' || base === 'Dockerfile') return 'sh';
  return EXT[base.split('.').pop()?.toLowerCase() || ''] ?? null;
}

const cache = new Map<string, RegExp>();
function tokenRe(lang: string): RegExp {
  let re = cache.get(lang);
  if (!re) {
    const hash = lang === 'py' || lang === 'sh' || lang === 'yaml';
    const comment = hash ? '#.*' : '//.*|/\\*.*?(?:\\*/|$)';
    re = new RegExp(`(${comment})|("(?:[^"\\\\]|\\\\.)*"?|'(?:[^'\\\\]|\\\\.)*'?|\`[^\`]*\`?)|(\\b\\d[\\d_.]*\\b)|([A-Za-z_][A-Za-z0-9_]*)`, 'g');
    cache.set(lang, re);
  }
  return re;
}

export function highlight(code: string, lang: string | null): Tok[] {
  if (!lang || code.length > 2000) return [{ kind: 'txt', text: code }];
  const kws = new Set(KW[lang] || []);
  const re = tokenRe(lang);
  re.lastIndex = 0;
  const out: Tok[] = [];
  let last = 0;
  let m: RegExpExecArray | null;
  const push = (kind: TokKind, text: string) => {
    const prev = out[out.length - 1];
    if (prev && prev.kind === kind) prev.text += text; else out.push({ kind, text });
  };
  while ((m = re.exec(code))) {
    if (m.index > last) push('txt', code.slice(last, m.index));
    if (m[1]) push('com', m[1]);
    else if (m[2]) push('str', m[2]);
    else if (m[3]) push('num', m[3]);
    else if (m[4]) push(kws.has(m[4]) ? 'kw' : 'txt', m[4]);
    last = re.lastIndex;
  }
  if (last < code.length) push('txt', code.slice(last));
  return out;
}

export interface DiffLine { kind: 'add' | 'del' | 'ctx' | 'hunk' | 'meta'; text: string; oldNo?: number; newNo?: number }
export interface DiffFile { path: string; oldPath?: string; lines: DiffLine[]; added: number; removed: number }

/** Parses a unified (git) diff into files and numbered lines. */
export function parseDiff(diff: string): DiffFile[] {
  const files: DiffFile[] = [];
  let f: DiffFile | null = null;
  let o = 0, n = 0;
  for (const raw of diff.split('\n')) {
    if (raw.startsWith('diff --git ')) {
      const m = /^diff --git a\/(.*) b\/(.*)$/.exec(raw);
      f = { path: m ? m[2] : raw.slice(11), oldPath: m ? m[1] : undefined, lines: [], added: 0, removed: 0 };
      files.push(f);
      continue;
    }
    if (!f) {
      if (raw.startsWith('--- ') || raw.startsWith('+++ ') || raw.startsWith('@@')) {
        f = { path: '(diff)', lines: [], added: 0, removed: 0 };
        files.push(f);
      } else continue;
    }
    if (raw.startsWith('+++ ')) { const p = raw.slice(4).replace(/^b\//, ''); if (p !== '/dev/null') f.path = p; continue; }
    if (raw.startsWith('--- ')) continue;
    const h = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(raw);
    if (h) { o = Number(h[1]); n = Number(h[2]); f.lines.push({ kind: 'hunk', text: raw }); continue; }
    if (raw.startsWith('+')) { f.lines.push({ kind: 'add', text: raw.slice(1), newNo: n++ }); f.added++; }
    else if (raw.startsWith('-')) { f.lines.push({ kind: 'del', text: raw.slice(1), oldNo: o++ }); f.removed++; }
    else if (raw.startsWith(' ')) f.lines.push({ kind: 'ctx', text: raw.slice(1), oldNo: o++, newNo: n++ });
    else if (raw.startsWith('\\') || /^(index|new file|deleted file|similarity|rename|old mode|new mode|Binary)/.test(raw)) f.lines.push({ kind: 'meta', text: raw });
  }
  return files;
}
