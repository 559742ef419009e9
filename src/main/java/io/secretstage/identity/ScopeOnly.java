package io.secretstage.identity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A handler that reads a body but needs only a token scoped to the path's project,
 * whatever its roles ({@link AccessPolicy.Operation#SCOPE_ONLY}): before its body is
 * read, the caller's scope alone is checked, where another handler that reads a body
 * needs the write role too.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ScopeOnly {

}
