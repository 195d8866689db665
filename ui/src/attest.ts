/** Checks a DSSE attestation envelope against the server's public key (PEM), in the browser with WebCrypto. */
export interface Verdict { status: 'verified' | 'failed' | 'unchecked'; text: string }

export interface Envelope { payloadType?: string; payload?: string; signatures?: { keyid?: string; sig: string }[] }

export function b64decode(s: string): Uint8Array {
  const std = s.replace(/-/g, '+').replace(/_/g, '/').replace(/\s+/g, '');
  const bin = atob(std.padEnd(Math.ceil(std.length / 4) * 4, '='));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** DSSE pre-authentication encoding: "DSSEv1 <len(type)> <type> <len(body)> <body>". */
export function pae(type: string, body: Uint8Array): Uint8Array {
  const enc = new TextEncoder();
  const t = enc.encode(type);
  const head = enc.encode(`DSSEv1 ${t.length} ${type} ${body.length} `);
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

function contains(hay: Uint8Array, needle: number[]): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function derToRaw(sig: Uint8Array, n: number): Uint8Array {
  if (sig.length === 2 * n || sig[0] !== 0x30) return sig;
  let p = 2;
  if (sig[1] & 0x80) p = 2 + (sig[1] & 0x7f);
  const read = () => {
    if (sig[p] !== 0x02) throw new Error('bad DER');
    const len = sig[p + 1];
    let v = sig.slice(p + 2, p + 2 + len);
    p += 2 + len;
    while (v.length > n && v[0] === 0) v = v.slice(1);
    const o = new Uint8Array(n);
    o.set(v, n - v.length);
    return o;
  };
  const r = read();
  const s = read();
  const out = new Uint8Array(2 * n);
  out.set(r);
  out.set(s, n);
  return out;
}

const buf = (u: Uint8Array): ArrayBuffer => u.slice().buffer as ArrayBuffer;

export async function verifyEnvelope(env: Envelope, pem: string): Promise<Verdict> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return { status: 'unchecked', text: 'Your browser cannot check signatures on a page served without HTTPS; use `matrix-architect verify-attestation` instead.' };
  if (!env.payload || !env.payloadType || !env.signatures?.length) return { status: 'unchecked', text: 'The attestation is not a signed DSSE envelope, so it cannot be checked here.' };
  const der = b64decode(pem.replace(/-----[^-]+-----/g, ''));
  const msg = pae(env.payloadType, b64decode(env.payload));
  let alg: { imp: AlgorithmIdentifier | EcKeyImportParams | RsaHashedImportParams; ver: AlgorithmIdentifier | EcdsaParams; n?: number } | null = null;
  if (contains(der, [0x06, 0x03, 0x2b, 0x65, 0x70])) alg = { imp: { name: 'Ed25519' }, ver: { name: 'Ed25519' } };
  else if (contains(der, [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07])) alg = { imp: { name: 'ECDSA', namedCurve: 'P-256' }, ver: { name: 'ECDSA', hash: 'SHA-256' }, n: 32 };
  else if (contains(der, [0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22])) alg = { imp: { name: 'ECDSA', namedCurve: 'P-384' }, ver: { name: 'ECDSA', hash: 'SHA-384' }, n: 48 };
  else if (contains(der, [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01])) alg = { imp: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, ver: { name: 'RSASSA-PKCS1-v1_5' } };
  if (!alg) return { status: 'unchecked', text: 'The server key uses an algorithm this page does not know.' };
  try {
    const key = await subtle.importKey('spki', buf(der), alg.imp, false, ['verify']);
    for (const s of env.signatures) {
      let sig = b64decode(s.sig);
      if (alg.n) sig = derToRaw(sig, alg.n);
      if (await subtle.verify(alg.ver, key, buf(sig), buf(msg))) return { status: 'verified', text: 'The signature matches this server’s attestation key.' };
    }
    return { status: 'failed', text: 'The signature does NOT match this server’s attestation key.' };
  } catch (e) {
    return { status: 'unchecked', text: `The signature could not be checked here (${e instanceof Error ? e.message : String(e)}).` };
  }
}
