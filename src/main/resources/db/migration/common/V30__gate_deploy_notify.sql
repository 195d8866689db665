create table policy_versions (
    name       varchar(100) not null,
    version    int not null,
    source     text not null,
    author     varchar(100) not null,
    created_at timestamp with time zone not null,
    primary key (name, version)
);

create table approval_waits (
    job_id         varchar(40) primary key references jobs (id),
    required       int not null,
    roles          varchar(200) not null,
    expires_at     timestamp with time zone not null
);

create table releases (
    id          varchar(80) primary key,
    job_id      varchar(40) not null references jobs (id),
    target      varchar(100) not null,
    status      varchar(20) not null,
    output      text,
    started_at  timestamp with time zone not null,
    finished_at timestamp with time zone
);

create table webhook_cursor (
    id            int primary key,
    last_event_id bigint not null
);
insert into webhook_cursor (id, last_event_id) select 1, coalesce(max(id), 0) from job_events;
