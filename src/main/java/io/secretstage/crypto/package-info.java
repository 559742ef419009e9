/**
 * Envelope encryption of secret values under configured master keys, and the backup blobs
 * built on it.
 */
@NullMarked
package io.secretstage.crypto;

import org.jspecify.annotations.NullMarked;
