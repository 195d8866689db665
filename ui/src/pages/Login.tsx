import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from '../router';
import { ApiError, describeError, login } from '../api';
import { useSession } from '../session';

export function LoginPage() {
  const { session, notice, clearNotice } = useSession();
  const nav = useNavigate();
  const loc = useLocation();
  const from = (loc.state as { from?: string } | null)?.from || '/';
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (session) return <Navigate to={from} replace />;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!username || !password) { setError('Enter your username and password.'); return; }
    setBusy(true); setError(null);
    try {
      await login(username, password);
      clearNotice();
      nav(from, { replace: true });
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'Wrong username or password.' : describeError(err));
    } finally { setBusy(false); }
  };
  return (
    <main className="login" id="main">
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title" noValidate>
        <h1 id="login-title"><span className="logo" aria-hidden="true">M</span> Matrix Architect</h1>
        <p className="muted">Mission control: sign in to watch and steer jobs.</p>
        {notice && !error && <p className="notice notice-warn" role="status">{notice}</p>}
        <label className="field"><span>Username</span>
          <input name="username" autoComplete="username" autoFocus value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label className="field"><span>Password</span>
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && <p className="field-error" role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
