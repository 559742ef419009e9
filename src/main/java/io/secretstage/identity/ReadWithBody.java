package io.secretstage.identity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A handler that takes a request body but only reads, such as ListResourceInstances: its
 * caller needs the read role, not the write role, and that is checked before the body is
 * read, as a write's role is.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ReadWithBody {

}
