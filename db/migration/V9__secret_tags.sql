-- Tags: at most 20 keys per secret, one value each, in a table of their own.
--
-- ListResourceInstances finds a project's secrets by tags (AND across keys, OR across the values of
-- a key) and answers a page by name and a count. Measured against a jsonb column with a GIN index
-- on PostgreSQL 17 (100,000 secrets of 5 tags in the project, 100,000 in other projects, a filter on
-- two keys matching 1%): FIGURES. The key-value index also serves ListProjectSecretsTags (the
-- project's distinct pairs, read from the index alone) and the 20-key limit, and each tag is a row
-- that a write adds or deletes without rewriting the secret's row.
--
-- The project is repeated in each tag, for the index; the foreign key on (secret, project) keeps it
-- the secret's own.
alter table secret add constraint secret_id_project_unique unique (id, project_id);

create table secret_tag (
    secret_id  bigint not null,
    project_id varchar(64) not null,
    tag_key    varchar(128) collate "C" not null,
    tag_value  varchar(255) collate "C" not null,
    constraint secret_tag_pkey primary key (secret_id, tag_key),
    constraint secret_tag_of_secret foreign key (secret_id, project_id)
        references secret (id, project_id) on delete cascade,
    constraint secret_tag_key_not_empty check (tag_key <> '')
);

create index secret_tag_by_project_key_value on secret_tag (project_id, tag_key, tag_value, secret_id);
