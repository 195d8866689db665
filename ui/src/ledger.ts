/**
 * Checks a job's ledger (docs/evidence.md, "The ledger") in the browser with the server's public key: every
 * statement's signature, the chain (each names the SHA-256 of the payload before it), and that the approvals after
 * the last gate decision name the job's diff.
 */
import { b64decode, verifyEnvelope, type Envelope } from './attest';

export interface LedgerStatement { seq: number; kind: string; payload_sha256: string; envelope: string }

export interface LedgerVerdict { status: 'verified' | 'failed' | 'unchecked'; text: string; statements: number }

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const d = await globalThis.crypto.subtle.digest('SHA-256', bytes.slice().buffer as ArrayBuffer);
  return Array.from(new Uint8Array(d)).map((b) => b.toString(16).padStart(2, '0')).join('');
}

interface Read { kind: string; digest: string; predicate: any }

async function read(items: LedgerStatement[], pem: string): Promise<Read[] | LedgerVerdict> {
  const out: Read[] = [];
  for (const s of items) {
    let env: Envelope;
    try { env = JSON.parse(s.envelope); } catch { return { status: 'failed', text: `statement ${s.seq} is not JSON`, statements: items.length }; }
    const v = await verifyEnvelope(env, pem);
    if (v.status !== 'verified') return { status: v.status, text: `statement ${s.seq} (${s.kind}): ${v.text}`, statements: items.length };
    const payload = b64decode(env.payload ?? '');
    const statement = JSON.parse(new TextDecoder().decode(payload));
    out.push({ kind: s.kind, digest: await sha256Hex(payload), predicate: statement.predicate ?? {} });
  }
  return out;
}

export async function verifyLedger(items: LedgerStatement[], pem: string, diffSha256?: string): Promise<LedgerVerdict> {
  if (!globalThis.crypto?.subtle) return { status: 'unchecked', text: 'Your browser cannot check signatures on a page served without HTTPS; use `matrix-architect verify-job` instead.', statements: items.length };
  if (!items.length) return { status: 'unchecked', text: 'This job has no signed statements yet.', statements: 0 };
  const chain = await read([...items].sort((a, b) => a.seq - b.seq), pem);
  if (!Array.isArray(chain)) return chain;
  for (let i = 0; i < chain.length; i++) {
    const named = chain[i].predicate.previous ?? null;
    const expected = i === 0 ? null : chain[i - 1].digest;
    if (named === expected) continue;
    const later = chain.findIndex((c) => c.digest === named);
    const why = later > i ? `names statement ${later + 1} as the one before it: the chain is out of order` : 'names a previous statement that is missing';
    return { status: 'failed', text: `statement ${i + 1} (${chain[i].kind}) ${why}.`, statements: chain.length };
  }
  let gate = -1;
  chain.forEach((c, i) => { if (c.kind === 'gate') gate = i; });
  if (gate >= 0 && diffSha256) {
    const wrong = chain.slice(gate + 1).find((c) => c.kind === 'approval' && c.predicate.diff?.sha256 !== diffSha256);
    if (wrong) return { status: 'failed', text: `the approval of ${wrong.predicate.approver} names diff sha256:${String(wrong.predicate.diff?.sha256).slice(0, 12)}…, not the job's sha256:${diffSha256.slice(0, 12)}….`, statements: chain.length };
  }
  return { status: 'verified', text: `${chain.length} signed statement(s), chain intact${diffSha256 ? `, approvals name diff sha256:${diffSha256.slice(0, 12)}…` : ''}.`, statements: chain.length };
}
