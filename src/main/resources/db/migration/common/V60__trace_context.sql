-- the trace context (W3C traceparent and the like) of the request that created the job, so that every stage,
-- whichever worker runs it, continues the same trace
alter table jobs add column trace_context text;
