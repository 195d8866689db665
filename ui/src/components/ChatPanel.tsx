import { useRef, useState } from 'react';
import { ApiError, api, describeError } from '../api';
import type { Plan } from '../types';

interface Msg { role: 'user' | 'assistant'; content: string }

function replyText(r: any): string {
  if (typeof r === 'string') return r;
  return r?.message?.content ?? r?.reply ?? r?.content ?? r?.answer ?? r?.choices?.[0]?.message?.content ?? JSON.stringify(r);
}

/** A conversation about a job or a plan through /api/chat. Says plainly when no model is configured. */
export function ChatPanel({ jobId, plan, title = 'Ask the assistant' }: { jobId?: string; plan?: Plan | null; title?: string }) {
  const [msgs, setMsgs] = useState<Msg[]>([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [off, setOff] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const end = useRef<HTMLDivElement>(null);

  const send = async () => {
    const content = text.trim();
    if (!content || busy) return;
    const next: Msg[] = [...msgs, { role: 'user', content }];
    setMsgs(next); setText(''); setBusy(true); setError(null);
    try {
      const r = await api.post('/api/chat', { job_id: jobId, plan: plan ?? undefined, messages: next });
      setMsgs([...next, { role: 'assistant', content: replyText(r) }]);
    } catch (e) {
      // 502: the model is configured but failed this time (provider down, key refused); chat stays on
      if (e instanceof ApiError && e.status === 502) {
        setError(e.problem.detail ?? 'The AI model failed to answer.');
      } else if (e instanceof ApiError && (e.status === 404 || e.status === 501 || e.status === 405) && !/model/i.test(e.problem.detail ?? '')) {
        setOff('This server does not offer chat yet.');
      } else if (e instanceof ApiError && (e.status === 503 || e.status === 501 || /model/i.test(e.problem.detail ?? ''))) {
        const detail = e.problem.detail;
        setOff(detail && /^No AI model is configured/.test(detail) ? detail : detail ? `No AI model is configured on this server: ${detail}` : 'No AI model is configured on this server, so chat is not available. An administrator can configure one.');
      } else setError(describeError(e, 'chat'));
    } finally {
      setBusy(false);
      setTimeout(() => end.current?.scrollIntoView?.({ block: 'nearest' }), 0);
    }
  };

  return (
    <section className="chat" aria-label={title}>
      <h3>{title}</h3>
      {off ? <p className="notice notice-warn" role="status">{off}</p> : msgs.length === 0 && <p className="muted">Ask a question about {jobId ? 'this job' : 'this plan'}: why a stage failed, what the plan changes, what to try next.</p>}
      <div className="chat-log" aria-live="polite">
        {msgs.map((m, i) => <div key={i} className={`msg msg-${m.role}`}><span className="sr-only">{m.role === 'user' ? 'You' : 'Assistant'}: </span>{m.content}</div>)}
        {busy && <div className="msg msg-assistant muted">Thinking…</div>}
        <div ref={end} />
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
      <form className="chat-form" onSubmit={(e) => { e.preventDefault(); void send(); }}>
        <label className="sr-only" htmlFor={`chat-${jobId ?? 'plan'}`}>Message</label>
        <textarea
          id={`chat-${jobId ?? 'plan'}`}
          rows={2}
          value={text}
          disabled={!!off}
          placeholder={off ? 'Chat is not available' : 'Type a message; Enter sends, Shift+Enter adds a line'}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); void send(); } }}
        />
        <button type="submit" disabled={busy || !!off || !text.trim()}>Send</button>
      </form>
    </section>
  );
}
