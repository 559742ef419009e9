package io.secretstage.accesskey;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * The {@code SDK-HMAC-SHA256} signature of Huawei's SDKs, rebuilt from a request as it
 * arrived: the canonical request (from the raw request target, the signed headers and the
 * body bytes), the string to sign and the signature. See {@code AKSK.md} of the
 * specification.
 */
final class SdkSignature {

	static final String ALGORITHM = "SDK-HMAC-SHA256";

	private static final HexFormat HEX = HexFormat.of();

	private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

	/** Cloned for each digest: a clone costs less than a new instance. */
	private static final MessageDigest SHA256 = sha256();

	private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

	private SdkSignature() {
	}

	/**
	 * The canonical request: method, canonical URI, canonical query, canonical headers,
	 * signed header names and payload hash, one a line.
	 * @param method the request's method
	 * @param rawPath the path as it arrived, still percent-encoded
	 * @param rawQuery the query as it arrived, or {@code null} for none
	 * @param signedHeaders the lower-case names of the signed headers, as the request
	 * lists them
	 * @param header the value of a header by name, as it arrived
	 * @param payloadHash the lower-case hex SHA-256 of the body
	 * @return the canonical request
	 * @throws IllegalArgumentException if the path or query has a bad escape, or a signed
	 * header is missing
	 */
	static String canonicalRequest(String method, String rawPath, @Nullable String rawQuery, List<String> signedHeaders,
			Function<String, @Nullable String> header, String payloadHash) {
		StringBuilder canonical = new StringBuilder(256).append(method).append('\n');
		canonicalUri(rawPath, canonical);
		canonical.append('\n');
		canonicalQuery(rawQuery, canonical);
		canonical.append('\n');
		for (String name : signedHeaders) {
			String value = header.apply(name);
			if (value == null) {
				throw new IllegalArgumentException("A signed header is missing");
			}
			canonical.append(name).append(':').append(value).append('\n');
		}
		canonical.append('\n').append(String.join(";", signedHeaders)).append('\n').append(payloadHash);
		return canonical.toString();
	}

	/**
	 * Each segment of the path decoded and encoded again, each followed by {@code /}; an
	 * empty segment at the end is dropped, as the SDK's split of the path drops it.
	 * @param rawPath the request's path, still percent-encoded
	 * @param canonical the canonical request being written
	 */
	private static void canonicalUri(String rawPath, StringBuilder canonical) {
		int end = rawPath.length();
		while (end > 0 && rawPath.charAt(end - 1) == '/') {
			end--;
		}
		int start = 0;
		while (start <= end) {
			int slash = rawPath.indexOf('/', start);
			int segmentEnd = (slash < 0 || slash > end) ? end : slash;
			// A plus sign in a path is itself, not a space.
			encode(decode(rawPath.substring(start, segmentEnd).replace("+", "%2B")), canonical);
			canonical.append('/');
			start = segmentEnd + 1;
		}
	}

	/**
	 * Each key and value decoded and encoded again, sorted by encoded key; a repeated key
	 * keeps the order of its values (the sort is stable).
	 * @param rawQuery the request's query, still percent-encoded, or {@code null}
	 * @param canonical the canonical request being written
	 */
	private static void canonicalQuery(@Nullable String rawQuery, StringBuilder canonical) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return;
		}
		List<String[]> pairs = new ArrayList<>();
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String key = (equals < 0) ? pair : pair.substring(0, equals);
			String value = (equals < 0) ? "" : pair.substring(equals + 1);
			pairs.add(new String[] { encode(decode(key)), encode(decode(value)) });
		}
		pairs.sort(Comparator.comparing((String[] pair) -> pair[0]));
		for (int i = 0; i < pairs.size(); i++) {
			if (i > 0) {
				canonical.append('&');
			}
			canonical.append(pairs.get(i)[0]).append('=').append(pairs.get(i)[1]);
		}
	}

	/**
	 * The string to sign.
	 * @param sdkDate the request's {@code X-Sdk-Date}
	 * @param canonicalRequest the canonical request
	 * @return the algorithm, the date and the hash of the canonical request, one a line
	 */
	static String stringToSign(String sdkDate, String canonicalRequest) {
		return ALGORITHM + "\n" + sdkDate + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * An HMAC-SHA256 keyed with a secret key, to sign with: kept per key, and cloned for
	 * each signature (a clone costs less than a new instance and key).
	 * @param secretKey the secret key's UTF-8 bytes
	 * @return the keyed HMAC, never used itself
	 */
	static Mac hmac(byte[] secretKey) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secretKey, "HmacSHA256"));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every Java platform has HmacSHA256", ex);
		}
	}

	/**
	 * The signature.
	 * @param keyed the HMAC keyed with the secret key ({@link #hmac}), left as it is
	 * @param stringToSign the string to sign
	 * @return the HMAC-SHA256, as lower-case hex
	 */
	static String sign(Mac keyed, String stringToSign) {
		try {
			return HEX.formatHex(((Mac) keyed.clone()).doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("The platform's HmacSHA256 cannot be cloned", ex);
		}
	}

	/**
	 * The SHA-256 of some bytes.
	 * @param bytes the bytes
	 * @return the digest, as lower-case hex
	 */
	static String sha256Hex(byte[] bytes) {
		if (bytes.length == 0) {
			return EMPTY_SHA256;
		}
		try {
			return HEX.formatHex(((MessageDigest) SHA256.clone()).digest(bytes));
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("The platform's SHA-256 cannot be cloned", ex);
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	/**
	 * Percent-decode as UTF-8, a plus sign as a space (as in a query).
	 * @param raw the percent-encoded text
	 * @return the text decoded
	 */
	private static String decode(String raw) {
		if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
			return raw;
		}
		return URLDecoder.decode(raw, StandardCharsets.UTF_8);
	}

	/**
	 * RFC 3986: the unreserved characters as they are, every other byte as %XX.
	 * @param value the text to encode
	 * @return the text encoded
	 */
	private static String encode(String value) {
		StringBuilder encoded = new StringBuilder(value.length() + 8);
		encode(value, encoded);
		return encoded.toString();
	}

	private static void encode(String value, StringBuilder out) {
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xFF;
			if (c < 0x80 && unreserved((char) c)) {
				out.append((char) c);
			}
			else {
				out.append('%').append(UPPER_HEX[c >> 4]).append(UPPER_HEX[c & 0xF]);
			}
		}
	}

	private static boolean unreserved(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
				|| c == '.' || c == '~';
	}

}
