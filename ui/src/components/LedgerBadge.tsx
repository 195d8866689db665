import { api } from '../api';
import { verifyLedger, type LedgerStatement } from '../ledger';
import type { Job } from '../types';
import { useAsync } from './common';

const LABEL = { verified: 'Ledger ✓ verified', failed: 'Ledger ✗ not verified', unchecked: 'Ledger not checked' };

/** The job's chain of signed statements, checked in this browser with the server's public key. */
export function LedgerBadge({ job }: { job: Job }) {
  const diff = job.gate?.diff?.sha256;
  const info = useAsync(async (sig) => {
    const page = await api.get<{ items: LedgerStatement[] }>(`/api/jobs/${encodeURIComponent(job.id)}/ledger/statements`, sig);
    if (!page.items.length) return null;
    return verifyLedger(page.items, await api.text('/api/keys/attestation', sig), diff);
  }, [job.id, job.status, diff]);
  if (info.loading || !info.data) return null;
  const v = info.data;
  return (
    <span className={`ledger-badge v-${v.status}`} data-ledger={v.status} title={v.text}>
      {LABEL[v.status]} <small>{v.text}</small>
    </span>
  );
}
