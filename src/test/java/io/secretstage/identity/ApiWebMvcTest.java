package io.secretstage.identity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.secretstage.ApiTest;
import io.secretstage.TestTokens;

import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * A web slice of the API: the given controllers on MockMvc, without a database, behind
 * the real security chain. That is Spring Security's filters with the service's firewall,
 * entry point and access-before-body interceptor ({@link SecurityConfiguration}), the
 * access policy and the {@code static} token verifier ({@link IdentityConfiguration})
 * with the tokens of {@link TestTokens} (configured as {@link ApiTest#PROPERTIES}
 * configures them), and the HTTP layer around the API: request ids, access log and
 * metrics ({@code ObservabilityConfiguration}), path parameters and the body limit
 * ({@code HttpConfiguration}), the routes and their handlers ({@code WebConfiguration})
 * and Tomcat's error page ({@code ErrorConfiguration}), each found by its name since each
 * is package-private in its own package. The {@link SignatureVerifier} is a Mockito mock;
 * the services behind the controllers are for each test to mock.
 * <p>
 * The security configuration is package-private, hence this annotation here, for the
 * slice tests of other packages. As the application does, the slice leaves out Boot's
 * user details (and its generated password): the chain authenticates only tokens and
 * signatures.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest(properties = ApiTest.PROPERTIES, excludeAutoConfiguration = UserDetailsServiceAutoConfiguration.class,
		includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
				pattern = "io\\.secretstage\\.(observability\\.Observability|http\\.Http|web\\.Web|error\\.Error)Configuration"))
@Import({ SecurityConfiguration.class, IdentityConfiguration.class })
@MockitoBean(types = SignatureVerifier.class)
public @interface ApiWebMvcTest {

	/**
	 * The controllers under test.
	 * @return the controllers
	 */
	@AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
	Class<?>[] value();

}
