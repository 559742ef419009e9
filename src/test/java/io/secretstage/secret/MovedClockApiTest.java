package io.secretstage.secret;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.secretstage.ApiTest;
import io.secretstage.TestClock;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * A full-stack test, as {@link ApiTest}, whose service goes by a {@link TestClock} that
 * the test moves by days (over a recovery window, to a scheduled deletion time). The
 * official SDK signs with the real time, which the moved clock leaves behind: the skew
 * that a signature may have is widened to ten years. The purge runs when a test calls it,
 * not on its schedule, which would run on a moved clock at any moment. Every class that
 * uses it shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ApiTest
@Import(TestClock.Beans.class)
@TestPropertySource(properties = { "csms.access-keys.clock-skew=3650d", "csms.secrets.purge-interval=3650d" })
@interface MovedClockApiTest {

}
