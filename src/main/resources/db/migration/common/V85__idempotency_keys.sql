-- Idempotency-Key of POST /api/jobs (ADR 0012): one row per caller and key, with the SHA-256 of the request body
-- and the job it made. The primary key makes two concurrent requests with one key make one job: the second insert
-- waits for the first transaction and then fails as a duplicate. A row older than 24 hours no longer counts and is
-- replaced by the next request with its key.
create table idempotency_keys (
    actor        varchar(200) not null,
    idem_key     varchar(255) not null,
    request_hash varchar(64) not null,
    job_id       varchar(64) not null,
    created_at   timestamp with time zone not null,
    primary key (actor, idem_key)
);
create index idempotency_keys_created on idempotency_keys (created_at);
