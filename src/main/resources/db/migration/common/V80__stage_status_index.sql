-- architect_queue_running_executions counts running stages by worker every 15 s in every process; without an
-- index that is a scan of every stage ever run
create index stages_status_idx on stages (status);
