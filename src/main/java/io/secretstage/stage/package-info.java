/**
 * Secrets, their versions and the stages that point at them.
 */
@NullMarked
package io.secretstage.stage;

import org.jspecify.annotations.NullMarked;
