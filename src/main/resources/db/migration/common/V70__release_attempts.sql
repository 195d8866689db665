-- every call to a deploy target for a release, in order: a DEPLOY resumed after its worker died or stopped
-- shows as a second attempt with resumed = true (issue 14)
create table release_attempts (
    release_id  varchar(80) not null references releases (id),
    attempt     int not null,
    resumed     boolean not null,
    status      varchar(20) not null,
    started_at  timestamp with time zone not null,
    finished_at timestamp with time zone,
    primary key (release_id, attempt)
);
