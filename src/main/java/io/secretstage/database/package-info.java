/**
 * The database beyond the repositories: the circuit breaker around the connection pool,
 * the listener for its announcements of changes, and the freshness of the in-memory
 * caches that those announcements keep.
 */
@NullMarked
package io.secretstage.database;

import org.jspecify.annotations.NullMarked;
