package io.secretstage;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

/**
 * A full-stack test: the whole service on a random port over real HTTP, on the real
 * PostgreSQL of {@link TestDatabaseConfiguration}, with the tokens of {@link TestTokens}.
 * Every class that uses it shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = ApiTest.PROPERTIES)
@Import(TestDatabaseConfiguration.class)
@AutoConfigureRestTestClient
public @interface ApiTest {

	/**
	 * The configuration of the service under test, one {@code key=value} a line: the
	 * tokens of {@link TestTokens} (as their SHA-256 digests) and two master keys, and no
	 * access log (tens of thousands of lines in the build's output; ServiceProcessTests
	 * checks it), and no warm-up (WarmUpApiTests checks it). A test that starts the
	 * service itself, outside Spring's test context, gives it the same.
	 */
	String PROPERTIES = "spring.jpa.properties.hibernate.generate_statistics=true\n"
			+ "logging.level.io.secretstage.access=warn\n" + "logging.level.HuaweiCloud-SDK-Access=warn\n"
			+ "csms.crypto.master-keys[0].id=" + TestTokens.MASTER_KEY_ID + "\n" + "csms.crypto.master-keys[0].key="
			+ TestTokens.MASTER_KEY + "\n" + "csms.crypto.master-keys[1].id=" + TestTokens.SECOND_MASTER_KEY_ID + "\n"
			+ "csms.crypto.master-keys[1].key=" + TestTokens.SECOND_MASTER_KEY + "\n"
			+ "csms.identity.static-tokens[0].sha256=61d90b5242451096e8c956107989297e03f5fc8be8a9eccd476c6513c7ed1d1d\n"
			+ "csms.identity.static-tokens[0].project-id=" + TestTokens.PROJECT_A + "\n"
			+ "csms.identity.static-tokens[0].user-id=user-a\n" + "csms.identity.static-tokens[0].roles=csms-writer\n"
			+ "csms.identity.static-tokens[1].sha256=ebf1b5dda2a455fffecf3d49faa03ad18577f0a8be99ea10567b6da05c8c8896\n"
			+ "csms.identity.static-tokens[1].project-id=" + TestTokens.PROJECT_B + "\n"
			+ "csms.identity.static-tokens[1].user-id=user-b\n" + "csms.identity.static-tokens[1].roles=csms-writer\n"
			+ "csms.identity.static-tokens[2].sha256=f6784202a7fa998d50663fba7ea5437fd4d4f3aaa06a7b529640913d715c7fca\n"
			+ "csms.identity.static-tokens[2].project-id=" + TestTokens.PROJECT_A + "\n"
			+ "csms.identity.static-tokens[2].user-id=user-expired\n"
			+ "csms.identity.static-tokens[2].expires-at=2020-01-01T00:00:00Z\n"
			+ "csms.identity.static-tokens[3].sha256=bf2ba1a4dcd8449d80dfb575f6b19662f054fbf443eb944c41dc8649384aa6a0\n"
			+ "csms.identity.static-tokens[3].project-id=" + TestTokens.PROJECT_A + "\n"
			+ "csms.identity.static-tokens[3].user-id=user-20kb\n"
			+ "csms.identity.static-tokens[4].sha256=ec884ed0adc0139379edc8da354c20dffacfe4b8b9824bb3315d80529c84c799\n"
			+ "csms.identity.static-tokens[4].project-id=" + TestTokens.PROJECT_A + "\n"
			+ "csms.identity.static-tokens[4].user-id=user-64kb\n"
			+ "csms.identity.static-tokens[5].sha256=a59c78e06dce8dc57c12513d40154dc29f5d4297698a80ebe0b95ae1f5ef6cd3\n"
			+ "csms.identity.static-tokens[5].project-id=" + TestTokens.PROJECT_A + "\n"
			+ "csms.identity.static-tokens[5].user-id=user-read-only\n"
			+ "csms.identity.required-roles.write=csms-writer\n" + "csms.warm-up.requests=0\n";

}
