-- Tags: at most 20 keys per secret, one value each, in a table of their own.
--
-- ListResourceInstances finds a project's secrets by tags (AND across keys, OR across the values of
-- a key) and answers a page by name and a count. A jsonb column on the secret with a GIN index was
-- measured beside this table for that search (bench/RESULTS.md, "Tag schema: a table or jsonb"): as
-- fast or faster, its first page much faster, its index far smaller. The table is kept because a tag
-- write then leaves the secret's row alone: on the jsonb column it would rewrite that row, whose
-- trigger (V2) tells every instance to drop the secret's stages from the read path's cache, and
-- Terraform writes tags on every apply. A filter on a key with any value is a range of this index
-- (jsonb_path_ops cannot index a key's existence), and the key's length and the tag's project are
-- constraints here.
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
