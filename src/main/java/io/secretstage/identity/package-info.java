/**
 * Who is calling: token verification and the caller identity it yields.
 */
@NullMarked
package io.secretstage.identity;

import org.jspecify.annotations.NullMarked;
