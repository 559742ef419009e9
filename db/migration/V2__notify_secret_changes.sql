-- Every instance keeps the stages it has read in memory. So that an instance learns at once
-- when another instance, or anything else, changes a secret or its stages, each change sends
-- 'project_id/secret_name' on the channel csms_secret_changes when its transaction commits.

create function notify_secret_change() returns trigger
language plpgsql as $$
declare
    secret_row_id bigint;
begin
    if tg_table_name = 'secret' then
        if tg_op = 'DELETE' then
            perform pg_notify('csms_secret_changes', old.project_id || '/' || old.name);
        else
            perform pg_notify('csms_secret_changes', new.project_id || '/' || new.name);
        end if;
        return null;
    end if;
    if tg_op = 'DELETE' then
        secret_row_id := old.secret_id;
    else
        secret_row_id := new.secret_id;
    end if;
    -- When the secret itself is being deleted it may be gone here; its own trigger sends the notice.
    perform pg_notify('csms_secret_changes', s.project_id || '/' || s.name)
    from secret s where s.id = secret_row_id;
    return null;
end $$;

create trigger secret_changed after insert or update or delete on secret
    for each row execute function notify_secret_change();

create trigger secret_stage_changed after insert or update or delete on secret_stage
    for each row execute function notify_secret_change();
