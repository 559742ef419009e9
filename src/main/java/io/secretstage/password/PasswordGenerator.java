package io.secretstage.password;

import java.security.SecureRandom;
import java.util.List;

import io.secretstage.error.ApiException;

import org.springframework.stereotype.Component;

/**
 * Draws the passwords of GenerateRandomPassword from a {@link SecureRandom}.
 * <p>
 * Each character is drawn with {@link SecureRandom#nextInt(int)}, which is uniform over
 * its bound without modulo bias: it takes 31 random bits and, unless the bound is a power
 * of two, draws again whenever they fall in the incomplete block past the last whole
 * multiple of the bound; a remainder ({@code bits % 94}) would favour the first
 * characters. When each class is required, one character of each class is drawn from that
 * class and the others from the whole alphabet; then the password is shuffled
 * (Fisher-Yates, on the same generator), so that the required characters may stand
 * anywhere.
 */
@Component
class PasswordGenerator {

	private final SecureRandom random = new SecureRandom();

	/**
	 * A password as a request asks for it.
	 * @param request the length, the classes and the exclusions
	 * @return the password
	 * @throws ApiException 400 {@code CSMS.0002} for a request that no password meets:
	 * naming the fields that left no character to draw, or {@code length} when it is
	 * below the number of classes required
	 */
	String generate(PasswordRequest request) {
		List<String> classes = request.classes();
		if (classes.isEmpty()) {
			throw ApiException.invalidParameters(request.exclusions());
		}
		List<String> required = request.eachClassRequired() ? classes : List.of();
		int length = request.lengthOrDefault();
		if (length < required.size()) {
			throw ApiException.invalidParameters("length");
		}
		return draw(length, String.join("", classes), required);
	}

	/**
	 * A password of characters drawn uniformly from the alphabet, but for one of each
	 * required class, shuffled.
	 * @param length how many characters, at least as many as the required classes
	 * @param alphabet the characters to draw from, each once
	 * @param required the classes each to appear at least once
	 * @return the password
	 */
	String draw(int length, String alphabet, List<String> required) {
		char[] password = new char[length];
		for (int i = 0; i < length; i++) {
			String from = (i < required.size()) ? required.get(i) : alphabet;
			password[i] = from.charAt(this.random.nextInt(from.length()));
		}
		for (int i = length - 1; i > 0; i--) {
			int j = this.random.nextInt(i + 1);
			char swapped = password[i];
			password[i] = password[j];
			password[j] = swapped;
		}
		return new String(password);
	}

}
