package io.secretstage.crypto;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link EnvelopeCipher}.
 */
class EnvelopeCipherTests {

	private static final CryptoProperties.MasterKey OLD = new CryptoProperties.MasterKey("old",
			"OQHL2szyCawQhpZZxlTV7ljobUbLZynwGte14MTDoJU=");

	private static final CryptoProperties.MasterKey NEW = new CryptoProperties.MasterKey("new",
			"9pXoKqyBglx+P+EAzxnHqQqUjdf5BvjIFPlHSnmtYrA=");

	private static final byte[] VALUE = "the value".getBytes(StandardCharsets.UTF_8);

	private static final byte[] CONTEXT = "project/secret/v1".getBytes(StandardCharsets.UTF_8);

	private final EnvelopeCipher cipher = new EnvelopeCipher(new CryptoProperties(List.of(OLD), null));

	@Test
	void sealThenOpenGivesTheValueBackAndTheCiphertextHidesIt() {
		EnvelopeCipher.Sealed sealed = this.cipher.seal(VALUE, CONTEXT, null);

		assertThat(sealed.keyId()).isEqualTo("old");
		assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("the value");
		assertThat(this.cipher.open(sealed, CONTEXT)).isEqualTo(VALUE);
		assertThat(sealed.toString()).doesNotContain("the value");
	}

	@Test
	void sealTwiceGivesDifferentCiphertextsAndDataKeys() {
		EnvelopeCipher.Sealed first = this.cipher.seal(VALUE, CONTEXT, null);
		EnvelopeCipher.Sealed second = this.cipher.seal(VALUE, CONTEXT, null);

		assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
		assertThat(first.wrappedKey()).isNotEqualTo(second.wrappedKey());
	}

	@Test
	void openWithAnotherContextFails() {
		EnvelopeCipher.Sealed sealed = this.cipher.seal(VALUE, CONTEXT, null);

		assertThatIllegalStateException()
			.isThrownBy(() -> this.cipher.open(sealed, "project/secret/v2".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void openWithAWrappedKeyOfAnotherValueFails() {
		EnvelopeCipher.Sealed one = this.cipher.seal(VALUE, CONTEXT, null);
		EnvelopeCipher.Sealed two = this.cipher.seal(VALUE, CONTEXT, null);

		assertThatIllegalStateException().isThrownBy(() -> this.cipher
			.open(new EnvelopeCipher.Sealed(one.keyId(), two.wrappedKey(), one.ciphertext()), CONTEXT));
	}

	@Test
	void afterRotationNewValuesUseTheNewPrimaryAndOldValuesStillOpen() {
		EnvelopeCipher.Sealed before = this.cipher.seal(VALUE, CONTEXT, null);
		EnvelopeCipher rotated = new EnvelopeCipher(new CryptoProperties(List.of(OLD, NEW), "new"));

		EnvelopeCipher.Sealed after = rotated.seal(VALUE, CONTEXT, null);

		assertThat(rotated.primaryKeyId()).isEqualTo("new");
		assertThat(after.keyId()).isEqualTo("new");
		assertThat(rotated.open(before, CONTEXT)).isEqualTo(VALUE);
		assertThat(rotated.open(after, CONTEXT)).isEqualTo(VALUE);
		assertThatIllegalStateException().isThrownBy(() -> this.cipher.open(after, CONTEXT))
			.withMessageContaining("No master key 'new'");
	}

	@Test
	void aKeyThatIsNot32BytesOrAnUnknownPrimaryIsRefusedAtStart() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new EnvelopeCipher(
					new CryptoProperties(List.of(new CryptoProperties.MasterKey("short", "c2hvcnQ=")), null)))
			.withMessageContaining("32 bytes");
		assertThatIllegalStateException()
			.isThrownBy(() -> new EnvelopeCipher(new CryptoProperties(List.of(OLD), "missing")))
			.withMessageContaining("missing");
		assertThatIllegalStateException()
			.isThrownBy(() -> new EnvelopeCipher(new CryptoProperties(List.of(OLD, OLD), null)))
			.withMessageContaining("twice");
		assertThat(OLD.toString()).doesNotContain(OLD.key());
	}

}
