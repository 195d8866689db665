import { Fragment, useState } from 'react';
import { api, describeError } from '../api';
import { fetchArtifact, fetchArtifactJson, findArtifact } from '../artifacts';
import { verifyEnvelope, b64decode, type Envelope, type Verdict } from '../attest';
import type { Artifact, Job, TestCase, TestReport } from '../types';
import { Loading, Notice, useAsync } from './common';

/** Test results: failures first and expanded, with their messages; the rest behind a toggle. */
export function TestResults({ report }: { report: TestReport }) {
  const [showAll, setShowAll] = useState(false);
  const cases: (TestCase & { suite: string })[] = (report.suites || []).flatMap((s) => (s.cases || []).map((c) => ({ ...c, suite: s.name })));
  const failed = cases.filter((c) => c.status === 'failed' || c.status === 'error');
  const others = cases.filter((c) => c.status !== 'failed' && c.status !== 'error');
  return (
    <div className="tests">
      <p className="counts">
        <span className="c-pass">{report.passed ?? 0} passed</span>, <span className={report.failed ? 'c-fail' : ''}>{report.failed ?? 0} failed</span>, <span className="c-skip">{report.skipped ?? 0} skipped</span>
      </p>
      {cases.length === 0 && <p className="muted">The report lists no test case.</p>}
      {failed.length > 0 && (
        <div className="failures" aria-label="Failed tests">
          {failed.map((c, i) => (
            <details key={i} open className="failure">
              <summary><span className="badge st-failed">failed</span> <strong>{c.name}</strong> <span className="muted">{c.classname || c.suite}</span></summary>
              {c.file && <p className="muted">in <code>{c.file}</code>{c.time != null ? `, ${c.time} s` : ''}</p>}
              <pre className="pre failure-message">{c.message || 'No message was recorded for this failure.'}</pre>
            </details>
          ))}
        </div>
      )}
      {others.length > 0 && (
        <>
          <button type="button" className="link" aria-expanded={showAll} onClick={() => setShowAll((v) => !v)}>
            {showAll ? 'Hide' : 'Show'} the other {others.length} {others.length === 1 ? 'test' : 'tests'}
          </button>
          {showAll && (
            <div className="table-wrap">
              <table className="table">
                <thead><tr><th>Test</th><th>Suite</th><th>Status</th><th>Time</th></tr></thead>
                <tbody>
                  {others.map((c, i) => (
                    <tr key={i}><td>{c.name}</td><td>{c.classname || c.suite}</td><td><span className={`badge st-${c.status === 'passed' ? 'succeeded' : 'skipped'}`}>{c.status}</span></td><td>{c.time != null ? `${c.time} s` : '—'}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}

interface Vuln { id: string; severity: string; pkg: string; fixed?: string; summary?: string }

/** Understands CycloneDX VEX, grype and OSV-style scan reports well enough to list findings. */
export function parseScan(doc: unknown): Vuln[] {
  const d = doc as Record<string, unknown>;
  const arr = (Array.isArray(d) ? d : (d?.vulnerabilities ?? d?.matches ?? d?.findings ?? d?.results ?? [])) as Record<string, any>[];
  if (!Array.isArray(arr)) return [];
  return arr.map((v) => ({
    id: String(v.id ?? v.vulnerability?.id ?? v.cve ?? v.advisory ?? '?'),
    severity: String(v.severity ?? v.ratings?.[0]?.severity ?? v.vulnerability?.severity ?? v.database_specific?.severity ?? 'unknown').toLowerCase(),
    pkg: String(v.package?.name ?? v.package ?? v.component ?? v.affects?.[0]?.ref ?? v.artifact?.name ?? '?') + (v.version || v.artifact?.version ? `@${v.version ?? v.artifact?.version}` : ''),
    fixed: v.fixed_version ?? v.fixed ?? v.vulnerability?.fix?.versions?.[0] ?? undefined,
    summary: v.summary ?? v.description ?? v.title ?? v.vulnerability?.description ?? undefined,
  }));
}

export function parseSbom(doc: unknown): { name: string; version: string; type?: string; license?: string; purl?: string }[] {
  const d = doc as Record<string, any>;
  if (Array.isArray(d?.components)) {
    return d.components.map((c: any) => ({
      name: c.group ? `${c.group}:${c.name}` : String(c.name), version: String(c.version ?? ''), type: c.type,
      license: (c.licenses || []).map((l: any) => l.license?.id ?? l.license?.name ?? l.expression).filter(Boolean).join(', ') || undefined,
      purl: c.purl,
    }));
  }
  if (Array.isArray(d?.packages)) {
    return d.packages.map((p: any) => ({ name: String(p.name), version: String(p.versionInfo ?? ''), license: p.licenseConcluded ?? p.licenseDeclared, purl: p.externalRefs?.find((r: any) => r.referenceType === 'purl')?.referenceLocator }));
  }
  return [];
}

const SEV = ['critical', 'high', 'medium', 'low'];

function Vulnerabilities({ job, artifacts }: { job: Job; artifacts: Artifact[] }) {
  const counts = job.evidence?.vulnerabilities;
  const scan = findArtifact(artifacts, { kind: 'scan' });
  const list = useAsync(async (sig) => (scan ? parseScan(await fetchArtifactJson(job.id, scan.name, sig)) : null), [job.id, scan?.name]);
  return (
    <section aria-labelledby="ev-vulns">
      <h3 id="ev-vulns">Vulnerabilities</h3>
      {!counts && !scan && <p className="muted">No security scan ran for this job{job.constraints?.security_scan === false ? ' (security_scan is off)' : ''}.</p>}
      {counts && (
        <table className="table compact sev-table">
          <thead><tr>{SEV.map((s) => <th key={s}>{s}</th>)}</tr></thead>
          <tbody><tr>{SEV.map((s) => <td key={s} className={`sev-${s}${(counts as any)[s] ? ' nz' : ''}`}>{(counts as any)[s] ?? 0}</td>)}</tr></tbody>
        </table>
      )}
      {scan && list.loading && <Loading what="Reading the scan report" />}
      {list.error ? <Notice kind="error">The scan report could not be read: {describeError(list.error)}</Notice> : null}
      {list.data && list.data.length === 0 && <p className="muted">The scan found no known vulnerability.</p>}
      {list.data && list.data.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>ID</th><th>Severity</th><th>Package</th><th>Fixed in</th><th>Summary</th></tr></thead>
            <tbody>
              {list.data.map((v, i) => <tr key={i}><td><code>{v.id}</code></td><td><span className={`sev sev-${v.severity}`}>{v.severity}</span></td><td>{v.pkg}</td><td>{v.fixed ?? '—'}</td><td>{v.summary ?? ''}</td></tr>)}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Sbom({ job, artifacts }: { job: Job; artifacts: Artifact[] }) {
  const a = findArtifact(artifacts, { kind: 'sbom' }) ?? findArtifact(artifacts, { name: /sbom|bom\.json|cyclonedx|spdx/i });
  const [filter, setFilter] = useState('');
  const comps = useAsync(async (sig) => (a ? parseSbom(await fetchArtifactJson(job.id, a.name, sig)) : null), [job.id, a?.name]);
  const shown = (comps.data || []).filter((c) => !filter || `${c.name} ${c.version}`.toLowerCase().includes(filter.toLowerCase()));
  return (
    <section aria-labelledby="ev-sbom">
      <h3 id="ev-sbom">SBOM components</h3>
      {!a && <p className="muted">This job has no SBOM yet: it is made during VERIFY.</p>}
      {a && comps.loading && <Loading what="Reading the SBOM" />}
      {comps.error ? <Notice kind="error">The SBOM could not be read: {describeError(comps.error)}</Notice> : null}
      {comps.data && comps.data.length === 0 && <p className="muted">The SBOM lists no component.</p>}
      {comps.data && comps.data.length > 0 && (
        <>
          <label className="inline">Filter components <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} /></label>
          <p className="muted">{shown.length} of {comps.data.length} components{shown.length > 500 ? ' (first 500 shown)' : ''}</p>
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Component</th><th>Version</th><th>Licence</th><th>Package URL</th></tr></thead>
              <tbody>{shown.slice(0, 500).map((c, i) => <tr key={i}><td>{c.name}</td><td>{c.version}</td><td>{c.license ?? '—'}</td><td><code className="wrap">{c.purl ?? ''}</code></td></tr>)}</tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function Attestation({ job, artifacts }: { job: Job; artifacts: Artifact[] }) {
  const a = findArtifact(artifacts, { kind: 'attestation' }) ?? findArtifact(artifacts, { name: /attestation|intoto|dsse/i });
  const info = useAsync(async (sig) => {
    if (!a) return null;
    const text = await (await fetchArtifact(job.id, a.name, sig)).text();
    let env: Envelope | null = null;
    try { env = JSON.parse(text); } catch { /* not JSON */ }
    let statement: any = null;
    if (env?.payload) { try { statement = JSON.parse(new TextDecoder().decode(b64decode(env.payload))); } catch { /* opaque payload */ } }
    let verdict: Verdict;
    const server = job.evidence?.attestation_verified;
    if (typeof server === 'boolean') verdict = server ? { status: 'verified', text: 'The server verified this attestation.' } : { status: 'failed', text: 'The server could not verify this attestation.' };
    else if (!env) verdict = { status: 'unchecked', text: 'The attestation is not JSON, so it cannot be checked here.' };
    else {
      try { verdict = await verifyEnvelope(env, await api.text('/api/keys/attestation', sig)); }
      catch (e) { verdict = { status: 'unchecked', text: `The server's attestation key could not be fetched: ${describeError(e)}` }; }
    }
    return { env, statement, verdict };
  }, [job.id, a?.name]);
  return (
    <section aria-labelledby="ev-att">
      <h3 id="ev-att">Attestation</h3>
      {!a && <p className="muted">This job has no attestation yet: it is signed at the end of VERIFY.</p>}
      {a && info.loading && <Loading what="Checking the attestation" />}
      {info.error ? <Notice kind="error">The attestation could not be read: {describeError(info.error)}</Notice> : null}
      {info.data && (
        <div className="attestation">
          <p className={`verdict v-${info.data.verdict.status}`} data-verdict={info.data.verdict.status}>
            <strong>{info.data.verdict.status === 'verified' ? 'Verified' : info.data.verdict.status === 'failed' ? 'Not verified' : 'Not checked'}</strong>: {info.data.verdict.text}
          </p>
          <dl className="kv">
            {info.data.env?.payloadType && <><dt>Payload type</dt><dd><code>{info.data.env.payloadType}</code></dd></>}
            {info.data.statement?.predicateType && <><dt>Predicate</dt><dd><code className="wrap">{info.data.statement.predicateType}</code></dd></>}
            {(info.data.statement?.subject || []).map((s: any, i: number) => (
              <Fragment key={i}><dt>Subject</dt><dd><code className="wrap">{s.name} {Object.entries(s.digest || {}).map(([k, v]) => `${k}:${String(v).slice(0, 16)}…`).join(' ')}</code></dd></Fragment>
            ))}
            {info.data.env?.signatures?.[0]?.keyid && <><dt>Key</dt><dd><code>{info.data.env.signatures[0].keyid}</code></dd></>}
          </dl>
        </div>
      )}
    </section>
  );
}

export function Evidence({ job, artifacts }: { job: Job; artifacts: Artifact[] }) {
  const reportArt = findArtifact(artifacts, { name: /^test-report\.json$/ }) ?? findArtifact(artifacts, { name: /test.*\.json$/i, kind: 'report' });
  const report = useAsync(async (sig) => (reportArt ? fetchArtifactJson<TestReport>(job.id, reportArt.name, sig) : null), [job.id, reportArt?.name, reportArt?.sha256]);
  const t = job.evidence?.tests;
  return (
    <div className="evidence">
      <section aria-labelledby="ev-tests">
        <h3 id="ev-tests">Test results</h3>
        {report.data ? <TestResults report={report.data} /> : t ? (
          <p className="counts"><span className="c-pass">{t.passed ?? 0} passed</span>, <span className={t.failed ? 'c-fail' : ''}>{t.failed ?? 0} failed</span>, <span className="c-skip">{t.skipped ?? 0} skipped</span></p>
        ) : !reportArt ? <p className="muted">No test results yet: they come from VERIFY.</p> : null}
        {reportArt && report.loading && <Loading what="Reading the test report" />}
        {report.error ? <Notice kind="error">The test report could not be read: {describeError(report.error)}</Notice> : null}
      </section>
      <Vulnerabilities job={job} artifacts={artifacts} />
      <Sbom job={job} artifacts={artifacts} />
      <Attestation job={job} artifacts={artifacts} />
    </div>
  );
}
