-- The public commit-signing keys of every process of a deployment (issue 15): each process that signs commits with
-- a key of its own (generated in its data directory) publishes the public half here, so that the API serves an
-- allowed-signers list that verifies the commits of every worker. Public keys only.
create table commit_signing_keys (
    public_key varchar(1000) not null primary key,
    first_seen timestamp with time zone not null
);
