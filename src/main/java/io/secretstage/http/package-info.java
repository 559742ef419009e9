/**
 * What a request may be before Spring Security and Spring MVC read it: its head in time
 * and connections bounded by the heap, path parameters and body size, signed bodies kept
 * for their signature, and the management port's narrow surface.
 */
@NullMarked
package io.secretstage.http;

import org.jspecify.annotations.NullMarked;
