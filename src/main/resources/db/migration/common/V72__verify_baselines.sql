-- VERIFY's baseline: what a check did on a base commit, so that a retry or another job on the same base commit
-- does not run it again. The key is a SHA-256 of the project, the repository, the base commit and the check
-- (name, command, image, environment); the result is JSON (status, failing tests).
create table verify_baselines (
    cache_key   varchar(64) primary key,
    base_commit varchar(64) not null,
    check_name  varchar(200) not null,
    result      text not null,
    job_id      varchar(64) not null,
    created_at  timestamp with time zone not null
);
