-- Issue 21: approvals bound to the exact diff, the signed statements of each job's ledger, and signed audit heads.

-- What the approver saw: the SHA-256 of the job's diff and its base and result commits. An approval whose diff is no
-- longer the job's (a retry re-patched, a repair changed it) is voided: it stays, with when and why, and counts no more.
alter table approvals add column role varchar(20);
alter table approvals add column diff_digest varchar(64);
alter table approvals add column base_commit varchar(64);
alter table approvals add column result_commit varchar(64);
alter table approvals add column voided_at timestamp with time zone;
alter table approvals add column void_reason text;

-- The chain of signed in-toto statements of a job (plan, gate, approvals, release, publication), in order; each
-- statement names the SHA-256 of the previous one's payload. See docs/evidence.md.
create table ledger_statements (
    job_id         varchar(40) not null,
    seq            int not null,
    kind           varchar(30) not null,
    payload_sha256 varchar(64) not null,
    envelope       text not null,
    at             timestamp with time zone not null,
    primary key (job_id, seq)
);

-- The audit log's head, signed with the attestation key at an interval and on shutdown: the chain hash at a
-- sequence number and the SHA-256 of the previous signed head's payload (like CloudTrail digest files).
create table audit_signed_heads (
    id             bigint primary key,
    audit_seq      bigint not null,
    audit_hash     varchar(64) not null,
    previous       varchar(64),
    payload_sha256 varchar(64) not null,
    key_id         varchar(64) not null,
    signed_at      timestamp with time zone not null,
    envelope       text not null
);
