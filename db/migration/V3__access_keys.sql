-- Access keys for the SDKs' signed requests (SDK-HMAC-SHA256). A key belongs to one user and is bound
-- to the project and roles of the token that created it. Its secret key is sealed by envelope
-- encryption, like a secret's value, with the access key id as associated data: never stored in clear.

create table access_key (
    access_key    varchar(20) primary key,
    user_id       varchar(255) not null,
    user_name     varchar(255) not null,
    project_id    varchar(64) not null,
    roles         text not null default '', -- role names, one a line
    status        varchar(8) not null default 'active',
    description   varchar(255) not null default '',
    kms_key_id    varchar(64) not null,
    wrapped_key   bytea not null,
    ciphertext    bytea not null,
    create_time   timestamp(6) with time zone not null,
    last_use_time timestamp(6) with time zone,
    constraint access_key_format check (access_key ~ '^[A-Z0-9]{20}$'),
    constraint access_key_project_id_format check (project_id ~ '^[A-Za-z0-9_-]{32,64}$'),
    constraint access_key_status_known check (status in ('active', 'inactive'))
);

create index access_key_user on access_key (user_id, create_time);

-- Each instance keeps the keys it has verified in memory. A key's creation, deactivation or deletion
-- sends its access key id on the channel csms_access_key_changes when its transaction commits, so that
-- every instance drops what it knew of it. Writing the last use time announces nothing.
create function notify_access_key_change() returns trigger
language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        perform pg_notify('csms_access_key_changes', old.access_key);
    else
        perform pg_notify('csms_access_key_changes', new.access_key);
    end if;
    return null;
end $$;

create trigger access_key_changed after insert or delete or update of status on access_key
    for each row execute function notify_access_key_change();
