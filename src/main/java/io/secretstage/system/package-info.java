/**
 * The time the service goes by, its circuit breakers, and the order of its servlet
 * filters: what every other package may use.
 */
@NullMarked
package io.secretstage.system;

import org.jspecify.annotations.NullMarked;
