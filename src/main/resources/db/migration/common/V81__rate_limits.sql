-- Rate limits shared by every api process (issue 20): one row per caller, limit and fixed window; a caller
-- throttled on one process is throttled on all. Rows of ended windows are deleted by RateLimits.
create table rate_limits (
    bucket     varchar(255) not null primary key,
    hits       int not null,
    window_end timestamp with time zone not null
);
create index rate_limits_window_end_idx on rate_limits (window_end);
