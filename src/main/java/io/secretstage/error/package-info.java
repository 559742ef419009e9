/**
 * The contract's errors: the table of codes, the one advice that maps exceptions to it,
 * and the writer that renders the body wherever an error is raised (security filters, the
 * servlet container's error page, Tomcat's own valve).
 */
@NullMarked
package io.secretstage.error;

import org.jspecify.annotations.NullMarked;
