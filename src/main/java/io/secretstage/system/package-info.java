/**
 * Cross-cutting web concerns: security chain, error rendering, request ids.
 */
@NullMarked
package io.secretstage.system;

import org.jspecify.annotations.NullMarked;
