/** ANSI SGR colour handling for log lines: turns escape sequences into styled segments. */
export interface Seg {
  text: string;
  fg?: string; // 'c0'..'c15' (palette class) or a CSS colour
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
}

type Style = Omit<Seg, 'text'>;

// eslint-disable-next-line no-control-regex
const ESC = /\x1b\[([0-9;:?]*)([A-Za-z])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]/g;

function xterm256(n: number): string {
  if (n < 16) return `c${n}`;
  if (n < 232) {
    const i = n - 16;
    const v = [0, 95, 135, 175, 215, 255];
    return `rgb(${v[Math.floor(i / 36)]},${v[Math.floor(i / 6) % 6]},${v[i % 6]})`;
  }
  const g = 8 + (n - 232) * 10;
  return `rgb(${g},${g},${g})`;
}

function applySgr(style: Style, params: string): Style {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  let s: Style = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === 0) s = {};
    else if (c === 1) s.bold = true;
    else if (c === 2) s.dim = true;
    else if (c === 3) s.italic = true;
    else if (c === 4) s.underline = true;
    else if (c === 22) { s.bold = false; s.dim = false; }
    else if (c === 23) s.italic = false;
    else if (c === 24) s.underline = false;
    else if (c >= 30 && c <= 37) s.fg = `c${c - 30}`;
    else if (c >= 90 && c <= 97) s.fg = `c${c - 90 + 8}`;
    else if (c >= 40 && c <= 47) s.bg = `c${c - 40}`;
    else if (c >= 100 && c <= 107) s.bg = `c${c - 100 + 8}`;
    else if (c === 39) s.fg = undefined;
    else if (c === 49) s.bg = undefined;
    else if (c === 38 || c === 48) {
      const key = c === 38 ? 'fg' : 'bg';
      if (codes[i + 1] === 5 && codes[i + 2] !== undefined) { s[key] = xterm256(codes[i + 2]); i += 2; }
      else if (codes[i + 1] === 2 && codes[i + 4] !== undefined) { s[key] = `rgb(${codes[i + 2]},${codes[i + 3]},${codes[i + 4]})`; i += 4; }
    }
  }
  return s;
}

/** Splits a line into styled segments; non-colour escape sequences are dropped. */
export function parseAnsi(line: string): Seg[] {
  if (line.indexOf('\x1b') < 0) return [{ text: line }];
  const out: Seg[] = [];
  let style: Style = {};
  let last = 0;
  ESC.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ESC.exec(line))) {
    if (m.index > last) out.push({ ...style, text: line.slice(last, m.index) });
    if (m[2] === 'm') style = applySgr(style, m[1] ?? '');
    last = ESC.lastIndex;
  }
  if (last < line.length) out.push({ ...style, text: line.slice(last) });
  return out.filter((s) => s.text.length > 0);
}

/** The text of a line without escape sequences (what search looks at). */
export function stripAnsi(line: string): string {
  return line.indexOf('\x1b') < 0 ? line : line.replace(ESC, '');
}
