-- The rest of the secret lifecycle.
--
-- Scheduled deletion: a secret pending deletion has the time of its purge, and only such a secret
-- has one. From that time on the secret is gone for every caller, whether or not the purge has run;
-- the purge finds the due secrets by this index, a few at a time.
alter table secret
    add column scheduled_delete_time timestamp(0) with time zone,
    add column enterprise_project_id varchar(36) not null default '0',
    add constraint secret_scheduled_when_pending
        check ((state = 'PENDING_DELETE') = (scheduled_delete_time is not null)),
    add constraint secret_enterprise_project_id_length check (length(enterprise_project_id) between 1 and 36);

create index secret_due_for_purge on secret (scheduled_delete_time) where scheduled_delete_time is not null;

-- ListSecrets pages through a project's secrets by name in byte order (name > marker, limit n),
-- whatever the database's locale: the names compare in the "C" collation, and the unique index on
-- (project_id, name), rebuilt in it, serves both the lookups by name and the pages.
alter table secret alter column name type varchar(64) collate "C";
