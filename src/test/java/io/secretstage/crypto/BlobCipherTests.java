package io.secretstage.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link BlobCipher}: the format, and that every blob that is not exactly one
 * sealed for this project under a master key held here is refused the same way.
 */
class BlobCipherTests {

	private static final CryptoProperties.MasterKey OLD = new CryptoProperties.MasterKey("old",
			"OQHL2szyCawQhpZZxlTV7ljobUbLZynwGte14MTDoJU=");

	private static final CryptoProperties.MasterKey NEW = new CryptoProperties.MasterKey("new",
			"9pXoKqyBglx+P+EAzxnHqQqUjdf5BvjIFPlHSnmtYrA=");

	/** A key of another deployment under the same id as {@link #OLD}. */
	private static final CryptoProperties.MasterKey OTHER_OLD = new CryptoProperties.MasterKey("old",
			"q0m3ZC0eJ6Wk0vV7nE2yP8sLr5tXb1uHa9gFd4iKc2o=");

	private static final String PROJECT = "0123456789abcdef0123456789abcdef";

	private static final String OTHER_PROJECT = "fedcba9876543210fedcba9876543210";

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private static final byte[] CONTENT = "{\"versions\":[{\"value\":\"the value\"}]}".getBytes(StandardCharsets.UTF_8);

	private final EnvelopeCipher envelope = envelope(List.of(OLD), null);

	private final BlobCipher blobs = new BlobCipher(this.envelope);

	@Test
	void sealThenOpenGivesTheContentBackAndTheTextHidesIt() {
		String blob = this.blobs.seal(CONTENT, PROJECT);

		assertThat(this.blobs.open(blob, PROJECT)).isEqualTo(CONTENT);
		assertThat(blob).doesNotContain("the value")
			.matches("CSMSBK1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]+");
		assertThat(this.blobs.seal(CONTENT, PROJECT)).isNotEqualTo(blob);
	}

	@Test
	void blobIsThePrefixTheHeaderTheNonceAndTheCiphertextInBase64UrlWithoutPadding() {
		String[] parts = this.blobs.seal(CONTENT, PROJECT).split("\\.");

		assertThat(parts).hasSize(4);
		assertThat(parts[0]).isEqualTo("CSMSBK1");
		JsonNode header = JsonMapper.shared().readTree(Base64.getUrlDecoder().decode(parts[1]));
		assertThat(header.propertyNames()).containsExactlyInAnyOrder("kid", "dk");
		assertThat(header.get("kid").asString()).isEqualTo("old");
		// The IV, the wrapped 32-byte data key and the tag, as a version's data key is
		// kept.
		byte[] wrappedKey = Base64.getUrlDecoder().decode(header.get("dk").asString());
		assertThat(wrappedKey).hasSize(12 + 32 + 16);
		assertThat(Base64.getUrlDecoder().decode(parts[2])).hasSize(12);
		assertThat(Base64.getUrlDecoder().decode(parts[3])).hasSize(CONTENT.length + 16);
		assertThat(String.join("", parts)).doesNotContain("=");
	}

	@Test
	void theContentIsAesGcmUnderTheWrappedDataKeyWithTheProjectAndTheHeadAsAssociatedData() throws Exception {
		String blob = this.blobs.seal(CONTENT, PROJECT);
		String[] parts = blob.split("\\.");
		JsonNode header = JsonMapper.shared().readTree(Base64.getUrlDecoder().decode(parts[1]));
		byte[] dataKey = this.envelope.unwrap("old", Base64.getUrlDecoder().decode(header.get("dk").asString()),
				("csms-secret-blob-1\u0000" + PROJECT).getBytes(StandardCharsets.UTF_8));

		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"),
				new GCMParameterSpec(128, Base64.getUrlDecoder().decode(parts[2])));
		cipher.updateAAD((PROJECT + "/CSMSBK1." + parts[1] + ".").getBytes(StandardCharsets.US_ASCII));

		assertThat(cipher.doFinal(Base64.getUrlDecoder().decode(parts[3]))).isEqualTo(CONTENT);
	}

	@Test
	void anyCharacterChangedAnywhereThenRefused() {
		String blob = this.blobs.seal(CONTENT, PROJECT);
		for (int i = 0; i < blob.length(); i++) {
			char original = blob.charAt(i);
			// The next character of base64url's alphabet (a prefix's or a dot's too), and
			// one that no part may hold.
			char next = ALPHABET.charAt((ALPHABET.indexOf(original) + 1) % ALPHABET.length());
			for (char changed : new char[] { next, '=' }) {
				String tampered = blob.substring(0, i) + changed + blob.substring(i + 1);
				assertRefused(() -> this.blobs.open(tampered, PROJECT), "character " + i + " as " + changed);
			}
		}
	}

	@Test
	void anyByteOfAnyPartChangedThenRefused() {
		String blob = this.blobs.seal(CONTENT, PROJECT);
		String[] parts = blob.split("\\.");
		for (int part = 1; part < parts.length; part++) {
			byte[] bytes = Base64.getUrlDecoder().decode(parts[part]);
			for (int i = 0; i < bytes.length; i++) {
				byte[] changed = bytes.clone();
				changed[i] ^= 0x01;
				String[] tampered = parts.clone();
				tampered[part] = Base64.getUrlEncoder().withoutPadding().encodeToString(changed);
				String text = String.join(".", tampered);
				assertRefused(() -> this.blobs.open(text, PROJECT), "byte " + i + " of part " + part);
			}
		}
	}

	@Test
	void cutShortAnywhereOrLengthenedThenRefused() {
		String blob = this.blobs.seal(CONTENT, PROJECT);
		for (int length = 0; length < blob.length(); length++) {
			String cut = blob.substring(0, length);
			assertRefused(() -> this.blobs.open(cut, PROJECT), "the first " + length + " characters");
		}
		assertRefused(() -> this.blobs.open(blob + "A", PROJECT), "a character more");
		assertRefused(() -> this.blobs.open(blob + ".", PROJECT), "a part more");
		assertRefused(() -> this.blobs.open(blob + "==", PROJECT), "padding");
	}

	@Test
	void openInAnotherProjectThenRefused() {
		String blob = this.blobs.seal(CONTENT, PROJECT);

		assertRefused(() -> this.blobs.open(blob, OTHER_PROJECT), "another project");
	}

	@Test
	void openByAnotherDeploymentThenRefused() {
		String blob = this.blobs.seal(CONTENT, PROJECT);

		assertRefused(() -> blobs(List.of(OTHER_OLD), null).open(blob, PROJECT), "the same key id, another key");
		assertRefused(() -> blobs(List.of(NEW), null).open(blob, PROJECT), "without the key");
	}

	@Test
	void anUnknownPrefixThenRefused() {
		String blob = this.blobs.seal(CONTENT, PROJECT);
		String body = blob.substring("CSMSBK1.".length());

		for (String prefix : List.of("CSMSBK2.", "csmsbk1.", "CSMSBK1", "", ")CloudSecretManagementBackupV1.com")) {
			assertRefused(() -> this.blobs.open(prefix + body, PROJECT), prefix);
		}
	}

	@Test
	void anUnknownKidThenRefusedAsAnyOther() {
		String[] parts = this.blobs.seal(CONTENT, PROJECT).split("\\.");
		JsonNode header = JsonMapper.shared().readTree(Base64.getUrlDecoder().decode(parts[1]));
		for (String kid : List.of("no-such-key", "new")) {
			parts[1] = Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(("{\"kid\":\"" + kid + "\",\"dk\":\"" + header.get("dk").asString() + "\"}")
					.getBytes(StandardCharsets.UTF_8));
			String blob = String.join(".", parts);
			assertRefused(() -> blobs(List.of(OLD, NEW), null).open(blob, PROJECT), kid);
		}
	}

	@Test
	void aHeaderThatIsNotTheFormatsThenRefused() {
		String[] parts = this.blobs.seal(CONTENT, PROJECT).split("\\.");
		for (String header : List.of("", "null", "[]", "{}", "{\"kid\":\"old\"}", "{\"kid\":\"old\",\"dk\":5}",
				"{\"kid\":\"old\",\"dk\":\"not base64!\"}", "{\"kid\":\"old\",\"dk\":\"AA\"}",
				"{\"kid\":\"old\",\"dk\":\"\"}", "not json")) {
			parts[1] = Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8));
			String blob = String.join(".", parts);
			assertRefused(() -> this.blobs.open(blob, PROJECT), header);
		}
	}

	@Test
	void aBlobMadeBeforeARotationThenOpensWhileTheOldKeyIsHeld() {
		String before = this.blobs.seal(CONTENT, PROJECT);
		BlobCipher rotated = blobs(List.of(OLD, NEW), "new");

		String after = rotated.seal(CONTENT, PROJECT);

		assertThat(rotated.open(before, PROJECT)).isEqualTo(CONTENT);
		assertThat(rotated.open(after, PROJECT)).isEqualTo(CONTENT);
		assertThat(kid(after)).isEqualTo("new");
		assertRefused(() -> this.blobs.open(after, PROJECT), "a key of after the rotation");
		assertRefused(() -> blobs(List.of(NEW), null).open(before, PROJECT), "the old key no longer held");
	}

	@Test
	void aWrappedKeyOfAVersionIsNoBlobsKey() {
		// The blob's data key is bound to its own use: a wrapped key of a value sealed
		// with the project as its context does not open as a blob's.
		EnvelopeCipher.Sealed sealed = this.envelope.seal(CONTENT, PROJECT.getBytes(StandardCharsets.UTF_8), null);
		String[] parts = this.blobs.seal(CONTENT, PROJECT).split("\\.");
		parts[1] = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("{\"kid\":\"old\",\"dk\":\""
					+ Base64.getUrlEncoder().withoutPadding().encodeToString(sealed.wrappedKey()) + "\"}")
				.getBytes(StandardCharsets.UTF_8));
		String blob = String.join(".", parts);

		assertRefused(() -> this.blobs.open(blob, PROJECT), "a version's wrapped key");
	}

	private static String kid(String blob) {
		return JsonMapper.shared().readTree(Base64.getUrlDecoder().decode(blob.split("\\.")[1])).get("kid").asString();
	}

	private static void assertRefused(ThrowingCallable open, String what) {
		ApiException refusal = catchThrowableOfType(ApiException.class, open);
		assertThat(refusal).as(what).isNotNull();
		assertThat(refusal.errorCode()).as(what).isEqualTo(ErrorCode.INVALID_BLOB);
		assertThat(refusal.getMessage()).as(what).isEqualTo("The secret backup is invalid.");
	}

	private static EnvelopeCipher envelope(List<CryptoProperties.MasterKey> keys, @Nullable String primary) {
		return new EnvelopeCipher(new CryptoProperties(keys, primary));
	}

	private static BlobCipher blobs(List<CryptoProperties.MasterKey> keys, @Nullable String primary) {
		return new BlobCipher(envelope(keys, primary));
	}

}
