-- The pull/merge request each repository, base branch and goal last got (issue 15): a job that sets
-- publish.reuse updates that request, on its branch, instead of opening another one for the same change.
create table published_requests (
    repo       varchar(2000) not null,
    base       varchar(255) not null,
    goal_key   varchar(64) not null,
    host       varchar(100) not null,
    number     bigint not null,
    url        varchar(2000) not null,
    branch     varchar(255) not null,
    job_id     varchar(64) not null,
    updated_at timestamp with time zone not null,
    primary key (repo, base, goal_key)
);
