-- processes that run stages, with the last time each said it was alive (the dashboard's "workers online")
create table workers (
    name       varchar(200) primary key,
    mode       varchar(20) not null,
    started_at timestamp with time zone not null,
    last_seen  timestamp with time zone not null
);
