package io.secretstage.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A request body that holds only the fields its record declares, at every level: a field
 * more is refused (400 {@code CSMS.0002}, naming it) rather than ignored, as the bodies
 * without this annotation ignore it. Checked once the body has been read whole and typed
 * ({@link StrictJsonConfiguration}), so that a body that is malformed as well is refused
 * as malformed, whatever the order of its fields.
 * <p>
 * Jackson 3 ignores unknown properties by default, and
 * {@code @JsonIgnoreProperties(ignoreUnknown = false)} only leaves a type to that
 * default, so it cannot say this.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface KnownFieldsOnly {

}
