/**
 * The warm-up before the service reports ready: its own reads of one stage over HTTP,
 * their budget, and the credentials they are sent with.
 */
@NullMarked
package io.secretstage.warmup;

import org.jspecify.annotations.NullMarked;
