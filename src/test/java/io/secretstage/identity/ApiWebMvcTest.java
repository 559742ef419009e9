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
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * A web slice of the API: the given controllers on MockMvc, without a database, behind
 * the real security chain. That is Spring Security's filters with the service's firewall,
 * entry point and access-before-body interceptor ({@link SecurityConfiguration}), the
 * access policy and the {@code static} token verifier ({@link IdentityConfiguration})
 * with the tokens of {@link TestTokens} (configured as {@link ApiTest#PROPERTIES}
 * configures them), and the HTTP layer the slice finds as a {@code WebMvcConfigurer}
 * ({@code WebServerConfiguration}: request ids, the body limit, the path value
 * converters, the routes). The {@link SignatureVerifier} is a Mockito mock; the services
 * behind the controllers are for each test to mock.
 * <p>
 * The security configuration is package-private, hence this annotation here, for the
 * slice tests of other packages. As the application does, the slice leaves out Boot's
 * user details (and its generated password): the chain authenticates only tokens and
 * signatures.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest(properties = ApiTest.PROPERTIES, excludeAutoConfiguration = UserDetailsServiceAutoConfiguration.class)
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
