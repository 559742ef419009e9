-- Secrets, their versions and the stages that point at them.
-- Times are kept to whole seconds: the API sends them as epoch milliseconds of whole seconds.

create table secret (
    id          bigint generated always as identity primary key,
    project_id  varchar(64) not null,
    name        varchar(64) not null,
    create_time timestamp(0) with time zone not null,
    update_time timestamp(0) with time zone not null,
    constraint secret_project_id_format check (project_id ~ '^[A-Za-z0-9_-]{32,64}$'),
    constraint secret_name_format check (name ~ '^[a-zA-Z0-9_-]{1,64}$'),
    constraint secret_name_unique_in_project unique (project_id, name)
);

create table secret_version (
    secret_id   bigint not null references secret (id) on delete cascade,
    version_id  varchar(11) not null,
    create_time timestamp(0) with time zone not null,
    constraint secret_version_pkey primary key (secret_id, version_id),
    constraint secret_version_id_format check (version_id ~ '^v[0-9]{1,10}$')
);

-- A stage points at a version of its own secret: the foreign key covers both columns,
-- so a stage can never point at another secret's version, and a version cannot be
-- deleted while a stage points at it.
create table secret_stage (
    secret_id   bigint not null references secret (id) on delete cascade,
    name        varchar(64) not null,
    version_id  varchar(11) not null,
    update_time timestamp(0) with time zone not null,
    constraint secret_stage_pkey primary key (secret_id, name),
    constraint secret_stage_name_format check (name ~ '^[a-zA-Z0-9_-]{1,64}$'),
    constraint secret_stage_version_of_same_secret foreign key (secret_id, version_id)
        references secret_version (secret_id, version_id)
);
