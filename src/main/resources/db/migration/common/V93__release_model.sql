-- the release model every deploy target type shares (issue 17): what was deployed where, its health evidence,
-- the release it replaced, and the rendered manifests a rollback re-applies. Statuses become
-- deploying / healthy / failed / rolled_back / superseded; at most one release per target is healthy (current).
alter table releases add column environment varchar(100);
alter table releases add column target_type varchar(20);
alter table releases add column commit_sha varchar(64);
alter table releases add column deployed text;
alter table releases add column manifests text;
alter table releases add column revision varchar(200);
alter table releases add column health text;
alter table releases add column previous_release_id varchar(80);
alter table releases add column current_since timestamp with time zone;
update releases set status = 'deploying' where status = 'running';
update releases set status = 'healthy', current_since = finished_at where status = 'succeeded';
update releases set status = 'superseded'
 where status = 'healthy'
   and exists (select 1 from releases later
                where later.target = releases.target and later.status = 'healthy'
                  and (later.finished_at > releases.finished_at
                       or (later.finished_at = releases.finished_at and later.id > releases.id)));
create index releases_target_idx on releases (target, started_at);
