-- The Matrix Hub catalog this server serves: one Hub-format manifest per job that published to the Hub, and the
-- Hubs its index was registered with (POST /remotes happens once per Hub and index address).
create table hub_entries (
    job_id       varchar(64) primary key,
    manifest_id  varchar(200) not null,
    manifest     text not null,
    published_at timestamp with time zone not null
);

create table hub_registrations (
    hub_url       varchar(500) not null,
    index_url     varchar(500) not null,
    registered_at timestamp with time zone not null,
    primary key (hub_url, index_url)
);
