-- Projects and per-project roles; every job belongs to a project (jobs.project), 'default' always exists.
create table projects (
    name       varchar(100) primary key,
    created_by varchar(100) not null,
    created_at timestamp with time zone not null
);
insert into projects (name, created_by, created_at) values ('default', 'system', current_timestamp);

create table project_members (
    project  varchar(100) not null references projects (name),
    username varchar(100) not null references users (username) on delete cascade,
    role     varchar(20)  not null,
    primary key (project, username)
);
create index project_members_user_idx on project_members (username);
create index jobs_project_idx on jobs (project);

-- API tokens: only the SHA-256 of the token is kept; the token itself is shown once.
create table api_tokens (
    id           varchar(40) primary key,
    name         varchar(100) not null,
    username     varchar(100) not null references users (username) on delete cascade,
    role         varchar(20)  not null,
    token_hash   varchar(64)  not null,
    created_at   timestamp with time zone not null,
    expires_at   timestamp with time zone,
    last_used_at timestamp with time zone,
    revoked_at   timestamp with time zone,
    constraint api_tokens_hash_uk unique (token_hash)
);
create index api_tokens_user_idx on api_tokens (username);

-- The append-only, hash-chained audit log. audit_head is the single row every append locks and moves, so
-- that concurrent transactions chain one after another.
create table audit_log (
    seq       bigint primary key,
    at        timestamp with time zone not null,
    actor     varchar(200) not null,
    action    varchar(100) not null,
    target    varchar(300),
    details   text not null,
    prev_hash varchar(64) not null,
    hash      varchar(64) not null
);
create index audit_log_target_idx on audit_log (target, seq);

create table audit_head (
    id   int primary key,
    seq  bigint not null,
    hash varchar(64) not null
);
insert into audit_head (id, seq, hash) values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- users that existed before projects keep seeing what they saw: the default project, with their role
insert into project_members (project, username, role) select 'default', username, role from users;
