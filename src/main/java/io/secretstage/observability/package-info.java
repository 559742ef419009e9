/**
 * What the service tells about itself: request ids, the access log, request metrics, the
 * log's JSON format and buffered console appender, log event counts, masks for what logs
 * may show.
 */
@NullMarked
package io.secretstage.observability;

import org.jspecify.annotations.NullMarked;
