/**
 * Envelope encryption of secret values under configured master keys.
 */
@NullMarked
package io.secretstage.crypto;

import org.jspecify.annotations.NullMarked;
