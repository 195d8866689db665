import type { Op, Plan } from '../types';
import { highlight, langOf } from '../highlight';
import { Code } from './DiffView';

function opTitle(op: Op): string {
  switch (op.op) {
    case 'create': case 'update': case 'upsert': case 'delete': return `${op.op} ${op.path}`;
    case 'patch': return 'apply a patch';
    case 'run': return `run: ${op.command}`;
    case 'recipe': return `recipe ${op.name}`;
    default: return (op as { op: string }).op;
  }
}

export function PlanView({ plan }: { plan: Plan | null | undefined }) {
  if (!plan) return <p className="muted">There is no plan yet: PLAN has not run.</p>;
  const steps = Array.isArray(plan.steps) ? plan.steps : [];
  return (
    <div className="plan">
      {plan.summary && <p className="plan-summary">{plan.summary}</p>}
      {steps.length === 0 && <p className="muted">The plan has no steps.</p>}
      <ol className="plan-steps">
        {steps.map((s, i) => (
          <li key={s.id || i}>
            <h4><code>{s.id}</code> {s.title}</h4>
            {s.rationale && <p className="muted">{s.rationale}</p>}
            {(s.ops || []).length > 0 && (
              <ul className="ops">
                {(s.ops || []).map((op, j) => (
                  <li key={j}>
                    <details>
                      <summary><span className={`op op-${op.op}`}>{op.op}</span> {opTitle(op).replace(/^\w+ /, '')}</summary>
                      {'content' in op && op.content != null && <pre className="pre code-block"><Code toks={highlight(op.content, langOf(op.path))} /></pre>}
                      {op.op === 'patch' && <pre className="pre">{op.diff}</pre>}
                      {op.op === 'recipe' && op.options && <pre className="pre">{JSON.stringify(op.options, null, 2)}</pre>}
                    </details>
                  </li>
                ))}
              </ul>
            )}
            {s.verify && s.verify.length > 0 && <p className="muted">Verify with: {s.verify.map((v, k) => <code key={k}>{v}</code>)}</p>}
          </li>
        ))}
      </ol>
    </div>
  );
}
