package io.secretstage.secret;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * A secret's value in the clear, only ever in memory and never printed.
 *
 * @param type text ({@code secret_string}) or binary ({@code secret_binary})
 * @param bytes the value: UTF-8 text, or the decoded binary
 */
record SecretValue(Type type, byte[] bytes) {

	/**
	 * The value of a request that carries exactly one of {@code secret_string} and
	 * {@code secret_binary}.
	 * @throws ApiException 400 {@code CSMS.0002} otherwise, or if the binary is not
	 * base64 in its canonical form
	 */
	static SecretValue of(@Nullable String secretString, @Nullable String secretBinary) {
		if ((secretString == null) == (secretBinary == null)) {
			throw new ApiException(ErrorCode.INVALID_PARAMETER,
					"Exactly one of the parameters secret_string and secret_binary is required.");
		}
		if (secretString != null) {
			return text(secretString);
		}
		String encoded = String.valueOf(secretBinary);
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(encoded);
		}
		catch (IllegalArgumentException ex) {
			bytes = null;
		}
		// Only the one canonical form: padded, and without bits past the last byte
		// ("YWI" and "YR==" decode, but would be read back as "YWI=" and "YQ==").
		if (bytes == null || !Base64.getEncoder().encodeToString(bytes).equals(encoded)) {
			throw new ApiException(ErrorCode.INVALID_PARAMETER, "The value of parameter secret_binary is invalid.");
		}
		return binary(bytes);
	}

	static SecretValue text(String value) {
		return new SecretValue(Type.TEXT, value.getBytes(StandardCharsets.UTF_8));
	}

	static SecretValue binary(byte[] value) {
		return new SecretValue(Type.BINARY, value);
	}

	String asText() {
		return new String(this.bytes, StandardCharsets.UTF_8);
	}

	String asBase64() {
		return Base64.getEncoder().encodeToString(this.bytes);
	}

	@Override
	public String toString() {
		return "SecretValue[type=" + this.type + ", bytes=(hidden)]";
	}

	enum Type {

		TEXT("text"), BINARY("binary");

		private final String column;

		Type(String column) {
			this.column = column;
		}

		String column() {
			return this.column;
		}

		static Type ofColumn(String column) {
			return column.equals("binary") ? BINARY : TEXT;
		}

	}

}
