-- Secrets, their versions and the stages that point at them, and the audit trail of writes.
-- Times are kept to whole seconds: the API sends them as epoch milliseconds of whole seconds.

create table secret (
    id                    bigint generated always as identity primary key,
    public_id             uuid not null default gen_random_uuid(),
    project_id            varchar(64) not null,
    name                  varchar(64) not null,
    state                 varchar(16) not null default 'ENABLED',
    secret_type           varchar(16) not null default 'COMMON',
    description           varchar(2048) not null default '',
    kms_key_id            varchar(64),
    create_time           timestamp(0) with time zone not null,
    update_time           timestamp(0) with time zone not null,
    constraint secret_public_id_unique unique (public_id),
    constraint secret_project_id_format check (project_id ~ '^[A-Za-z0-9_-]{32,64}$'),
    constraint secret_name_format check (name ~ '^[a-zA-Z0-9_-]{1,64}$'),
    constraint secret_name_unique_in_project unique (project_id, name),
    constraint secret_state_known check (state in ('ENABLED', 'DISABLED', 'PENDING_DELETE', 'FROZEN')),
    constraint secret_type_known check (secret_type in ('COMMON'))
);

-- A version's value is sealed by envelope encryption: the ciphertext under a data key, the data
-- key wrapped by the master key kms_key_id. The plaintext is never stored.
create table secret_version (
    secret_id      bigint not null references secret (id) on delete cascade,
    version_id     varchar(11) not null,
    version_number bigint not null,
    value_type     varchar(6) not null,
    kms_key_id     varchar(64) not null,
    wrapped_key    bytea not null,
    ciphertext     bytea not null,
    create_time    timestamp(0) with time zone not null,
    expire_time    timestamp(0) with time zone,
    constraint secret_version_pkey primary key (secret_id, version_id),
    constraint secret_version_number_unique unique (secret_id, version_number),
    constraint secret_version_number_range check (version_number between 1 and 9999999999),
    constraint secret_version_id_is_number check (version_id = 'v' || version_number),
    constraint secret_version_value_type_known check (value_type in ('text', 'binary'))
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

-- One row per change: who (user and project from the token), what, which stage moved from
-- which version to which, when, and the request id. Written in the transaction of the change;
-- kept when the secret is deleted.
create table audit_event (
    id              bigint generated always as identity primary key,
    occurred_at     timestamp(0) with time zone not null,
    request_id      varchar(32),
    user_id         varchar(255) not null,
    project_id      varchar(64) not null,
    operation       varchar(32) not null,
    secret_name     varchar(64) not null,
    version_id      varchar(11),
    stage_name      varchar(64),
    from_version_id varchar(11)
);

create index audit_event_project_secret on audit_event (project_id, secret_name, occurred_at);
