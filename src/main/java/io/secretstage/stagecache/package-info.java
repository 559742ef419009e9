/**
 * The stages of secrets in memory, for the read path: the cache ({@link StageCache}), the
 * database's announcements of changes that keep it fresh ({@link StageChanges}) and the
 * fill that loads it ({@link StageCacheFill}). It knows secrets only as rows
 * ({@link StageRow}), handed to it by whoever owns their storage.
 */
@NullMarked
package io.secretstage.stagecache;

import org.jspecify.annotations.NullMarked;
