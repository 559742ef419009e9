-- Which associated data a version's value was sealed with. Context 2 binds the value to the
-- secret's public_id, which is never reused, as well as to its project, name and version id: a
-- ciphertext from a deleted secret restored under a re-created one of the same name does not open.
-- Rows sealed before (context 1: project, name and version id only) are opened and sealed again by
-- the Java migration V6 (io.secretstage.secret.SealContextMigration), which then makes the column
-- not null. Inserts that do not name it, such as those of an instance older than this migration,
-- fail from then on instead of writing a value that no newer instance could open.
alter table secret_version add column seal_context smallint,
    add constraint secret_version_seal_context_known check (seal_context = 2);
