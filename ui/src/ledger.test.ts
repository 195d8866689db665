// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { pae } from './attest';
import { verifyLedger, type LedgerStatement } from './ledger';

const enc = new TextEncoder();
const b64 = (u: Uint8Array) => btoa(String.fromCharCode(...u));
const hex = async (u: Uint8Array) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', u.slice().buffer as ArrayBuffer))).map((b) => b.toString(16).padStart(2, '0')).join('');

async function keyPair() {
  const k = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', k.publicKey));
  return { k, pem: `-----BEGIN PUBLIC KEY-----\n${b64(spki)}\n-----END PUBLIC KEY-----\n` };
}

async function chain(key: CryptoKey, kinds: { kind: string; predicate: object }[]): Promise<LedgerStatement[]> {
  const out: LedgerStatement[] = [];
  let previous: string | null = null;
  for (let i = 0; i < kinds.length; i++) {
    const payload = enc.encode(JSON.stringify({ _type: 'https://in-toto.io/Statement/v1', predicate: { sequence: i + 1, previous, ...kinds[i].predicate } }));
    const type = 'application/vnd.in-toto+json';
    const sig = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, pae(type, payload).slice().buffer as ArrayBuffer));
    const envelope = JSON.stringify({ payloadType: type, payload: b64(payload), signatures: [{ keyid: 'k', sig: b64(sig) }] });
    previous = await hex(payload);
    out.push({ seq: i + 1, kind: kinds[i].kind, payload_sha256: previous, envelope });
  }
  return out;
}

const KINDS = [
  { kind: 'plan', predicate: { goal: 'g' } },
  { kind: 'gate', predicate: { decision: 'require_approval' } },
  { kind: 'approval', predicate: { approver: 'op1', diff: { sha256: 'aa'.repeat(32) } } },
  { kind: 'approval', predicate: { approver: 'op2', diff: { sha256: 'aa'.repeat(32) } } },
];

describe('verifyLedger', () => {
  it('verifies a signed, intact chain whose approvals name the diff', async () => {
    const { k, pem } = await keyPair();
    const v = await verifyLedger(await chain(k.privateKey, KINDS), pem, 'aa'.repeat(32));
    expect(v.status).toBe('verified');
    expect(v.text).toContain('4 signed statement(s), chain intact');
  });

  it('fails a reordered chain, a missing statement, another diff and another key', async () => {
    const { k, pem } = await keyPair();
    const items = await chain(k.privateKey, KINDS);
    const swapped = [items[0], items[1], { ...items[3], seq: 3 }, { ...items[2], seq: 4 }];
    expect((await verifyLedger(swapped, pem)).text).toContain('out of order');
    expect((await verifyLedger([items[0], items[1], items[3]], pem)).text).toContain('missing');
    expect((await verifyLedger(items, pem, 'bb'.repeat(32))).text).toContain('the approval of op1 names diff');
    const other = await keyPair();
    const foreign = await verifyLedger(items, other.pem);
    expect(foreign.status).toBe('failed');
    expect(foreign.text).toContain('does NOT match');
  });
});
