import { useState, type ReactNode } from 'react';
import { ApiError, api, describeError } from '../api';
import { Loading, Notice, Tabs, useAsync } from '../components/common';
import { formatTime } from '../format';
import { hasRole, useSession } from '../session';
import type { FieldError } from '../types';

type Section = 'account' | 'users' | 'tokens' | 'policies' | 'targets';

function Unavailable({ what }: { what: string }) {
  return <Notice kind="info">This server does not offer {what} yet.</Notice>;
}

/** Loads a list endpoint; 404/501 becomes a plain "not offered yet" sentence instead of an error. */
function useList<T>(path: string) {
  return useAsync(async (sig) => {
    try {
      const r = await api.get<{ items?: T[] } | T[]>(path, sig);
      return { items: (Array.isArray(r) ? r : r?.items ?? (r ? [r as T] : [])) as T[], missing: false };
    } catch (e) {
      if (e instanceof ApiError && e.unavailable) return { items: [] as T[], missing: true };
      throw e;
    }
  }, [path]);
}

function ErrorList({ error }: { error: unknown }) {
  if (!error) return null;
  const errs: FieldError[] = error instanceof ApiError ? error.problem.errors ?? [] : [];
  return (
    <div className="field-error" role="alert">
      {describeError(error)}
      {errs.length > 0 && <ul>{errs.map((e, i) => <li key={i}><code>{e.field}</code>: {e.message}</li>)}</ul>}
    </div>
  );
}

interface User { username: string; role: string; created_at?: string; disabled?: boolean }

function Users() {
  const list = useList<User>('/api/users');
  const [form, setForm] = useState({ username: '', password: '', role: 'operator' });
  const [err, setErr] = useState<unknown>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const run = async (f: () => Promise<unknown>, ok: string) => {
    setErr(null); setMsg(null);
    try { await f(); setMsg(ok); list.reload(); } catch (e) { setErr(e); }
  };
  if (list.loading && !list.data) return <Loading what="Loading users" />;
  if (list.error) return <Notice kind="error">The users could not be loaded: {describeError(list.error)}</Notice>;
  if (list.data?.missing) return <Unavailable what="user management" />;
  return (
    <div>
      <div className="table-wrap">
        <table className="table">
          <thead><tr><th>User</th><th>Role</th><th>Created</th><th><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {list.data!.items.map((u) => (
              <tr key={u.username}>
                <td>{u.username}</td>
                <td>
                  <label className="sr-only" htmlFor={`role-${u.username}`}>Role of {u.username}</label>
                  <select id={`role-${u.username}`} value={u.role} onChange={(e) => run(() => api.patch(`/api/users/${encodeURIComponent(u.username)}`, { role: e.target.value }), `${u.username} is now ${e.target.value}.`)}>
                    <option value="viewer">viewer</option><option value="operator">operator</option><option value="admin">admin</option>
                  </select>
                </td>
                <td>{formatTime(u.created_at)}</td>
                <td><button type="button" className="link danger-text" onClick={() => { if (confirm(`Delete the user ${u.username}?`)) void run(() => api.del(`/api/users/${encodeURIComponent(u.username)}`), `${u.username} was deleted.`); }}>Delete</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); void run(() => api.post('/api/users', form), `${form.username} was created.`).then(() => setForm({ username: '', password: '', role: 'operator' })); }}>
        <h3>Add a user</h3>
        <label className="field"><span>Username</span><input value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} autoComplete="off" /></label>
        <label className="field"><span>Password</span><input type="password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} autoComplete="new-password" /></label>
        <label className="field"><span>Role</span><select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}><option value="viewer">viewer</option><option value="operator">operator</option><option value="admin">admin</option></select></label>
        <button type="submit" className="primary">Add user</button>
      </form>
      {msg && <p className="ok" role="status">{msg}</p>}
      <ErrorList error={err} />
    </div>
  );
}

interface Token { id: string; name: string; role?: string; created_at?: string; expires_at?: string; last_used_at?: string }

function Tokens() {
  const { session } = useSession();
  const list = useList<Token>('/api/tokens');
  const [form, setForm] = useState({ name: '', role: session?.role === 'admin' ? 'operator' : session?.role ?? 'viewer', days: '30' });
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const [err, setErr] = useState<unknown>(null);
  if (list.loading && !list.data) return <Loading what="Loading tokens" />;
  if (list.error) return <Notice kind="error">The tokens could not be loaded: {describeError(list.error)}</Notice>;
  if (list.data?.missing) return <Unavailable what="API tokens" />;
  const create = async (e: React.FormEvent) => {
    e.preventDefault(); setErr(null); setCreated(null);
    try {
      const r = await api.post<{ token: string }>('/api/tokens', { name: form.name, role: form.role, expires_in: Math.round(Number(form.days) * 86400) });
      setCreated({ token: r.token, name: form.name }); setForm({ ...form, name: '' }); list.reload();
    } catch (x) { setErr(x); }
  };
  return (
    <div>
      {list.data!.items.length === 0 ? <p className="muted">You have no API token. Create one for CI or the command line.</p> : (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Name</th><th>Role</th><th>Expires</th><th><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {list.data!.items.map((t) => (
                <tr key={t.id}><td>{t.name} <code className="muted">{t.id}</code></td><td>{t.role ?? '—'}</td><td>{formatTime(t.expires_at)}</td>
                  <td><button type="button" className="link danger-text" onClick={async () => { if (!confirm(`Revoke the token ${t.name}?`)) return; try { await api.del(`/api/tokens/${encodeURIComponent(t.id)}`); list.reload(); } catch (x) { setErr(x); } }}>Revoke</button></td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="inline-form" onSubmit={create}>
        <h3>Create a token</h3>
        <label className="field"><span>Name</span><input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} placeholder="ci" /></label>
        <label className="field"><span>Role</span><select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
          {['viewer', 'operator', 'admin'].filter((r) => hasRole(session, r as 'viewer')).map((r) => <option key={r} value={r}>{r}</option>)}
        </select></label>
        <label className="field"><span>Valid for (days)</span><input inputMode="numeric" value={form.days} onChange={(e) => setForm({ ...form, days: e.target.value })} /></label>
        <button type="submit" className="primary">Create token</button>
      </form>
      {created && (
        <div className="notice notice-warn" role="status">
          <p>The token “{created.name}” is shown only this once. Copy it now:</p>
          <code className="token wrap">{created.token}</code>
          <button type="button" onClick={() => navigator.clipboard?.writeText(created.token)}>Copy</button>
        </div>
      )}
      <ErrorList error={err} />
    </div>
  );
}

/** Shows whatever the server lists (policies, deploy targets) as a table of their scalar fields. */
function GenericList({ path, what, empty }: { path: string; what: string; empty: string }) {
  const list = useList<Record<string, unknown>>(path);
  if (list.loading && !list.data) return <Loading what={`Loading ${what}`} />;
  if (list.error) return <Notice kind="error">The {what} could not be loaded: {describeError(list.error)}</Notice>;
  if (list.data?.missing) return <Unavailable what={what} />;
  const items = list.data!.items;
  if (!items.length) return <p className="muted">{empty}</p>;
  const cols = Array.from(new Set(items.flatMap((i) => Object.keys(i)))).slice(0, 6);
  const cell = (v: unknown): ReactNode => (v == null ? '—' : typeof v === 'object' ? <code className="wrap">{JSON.stringify(v)}</code> : String(v));
  return (
    <div className="table-wrap">
      <table className="table">
        <thead><tr>{cols.map((c) => <th key={c}>{c.replace(/_/g, ' ')}</th>)}</tr></thead>
        <tbody>{items.map((it, i) => <tr key={i}>{cols.map((c) => <td key={c}>{cell(it[c])}</td>)}</tr>)}</tbody>
      </table>
    </div>
  );
}

export function SettingsPage() {
  const { session } = useSession();
  const admin = hasRole(session, 'admin');
  const operator = hasRole(session, 'operator');
  const tabs: { id: Section; label: string }[] = [
    { id: 'account', label: 'Your account' },
    ...(admin ? [{ id: 'users' as const, label: 'Users and roles' }] : []),
    { id: 'tokens', label: 'API tokens' },
    ...(admin ? [{ id: 'policies' as const, label: 'Policies' }] : []),
    ...(operator ? [{ id: 'targets' as const, label: 'Deploy targets' }] : []),
  ];
  const [tab, setTab] = useState<Section>('account');
  return (
    <section>
      <h1>Settings</h1>
      <Tabs label="Settings" tabs={tabs} value={tab} onChange={setTab} />
      <div className="tab-panel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === 'account' && (
          <div>
            <dl className="kv"><dt>User</dt><dd>{session?.username}</dd><dt>Role</dt><dd>{session?.role}</dd><dt>Session ends</dt><dd>{session ? new Date(session.expiresAt).toLocaleString() : '—'}</dd></dl>
            <p className="muted">
              {session?.role === 'viewer' && 'As a viewer you can read jobs, logs and artifacts.'}
              {session?.role === 'operator' && 'As an operator you can create, run, cancel and retry jobs, and deploy outside production.'}
              {session?.role === 'admin' && 'As an administrator you can do everything: users, policies, production deploys and approvals of any job.'}
            </p>
          </div>
        )}
        {tab === 'users' && <Users />}
        {tab === 'tokens' && <Tokens />}
        {tab === 'policies' && <GenericList path="/api/policies" what="policies" empty="No policy is configured: the gate uses its built-in rules." />}
        {tab === 'targets' && <GenericList path="/api/deploy/targets" what="deploy targets" empty="No deploy target is configured: DEPLOY is skipped for every job." />}
      </div>
    </section>
  );
}
