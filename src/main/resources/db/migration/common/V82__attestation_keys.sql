-- The public attestation keys of every process of a deployment (issue 20): a process that generates its own key
-- (no ARCHITECT_EVIDENCE_ATTESTATION_KEY) publishes its public half here, so that any api process can serve the key
-- of an attestation a worker signed (GET /api/keys/attestation?key_id=…). Public keys only.
create table attestation_keys (
    key_id     varchar(64) not null primary key,
    public_pem text not null,
    first_seen timestamp with time zone not null
);
