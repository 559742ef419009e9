/**
 * Secrets, their versions and the stages that point at them: the API resources and their
 * storage.
 */
@NullMarked
package io.secretstage.secret;

import org.jspecify.annotations.NullMarked;
