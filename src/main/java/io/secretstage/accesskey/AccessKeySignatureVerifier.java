package io.secretstage.accesskey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import io.secretstage.error.ErrorCode;
import io.secretstage.http.ForwardedRequests;
import io.secretstage.identity.CallerIdentity;
import io.secretstage.identity.CredentialsRefusedException;
import io.secretstage.identity.SignatureVerifier;
import io.secretstage.observability.LogMasks;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * Verifies {@code SDK-HMAC-SHA256} signatures against the stored access keys. The checks
 * that need no key come first; whether a key is inactive is told only to a caller whose
 * signature is right. A request whose {@code X-Project-Id} is not its key's project is
 * scoped to no project, so that it is refused (403) where a request for another project
 * is. Behind a trusted proxy the host and path are those the client signed, as
 * {@link ForwardedRequests} reads them from the proxy's forwarded headers; from any other
 * peer they are the {@code Host} header and the path as they arrived.
 */
final class AccessKeySignatureVerifier implements SignatureVerifier {

	private static final Logger logger = LoggerFactory.getLogger(AccessKeySignatureVerifier.class);

	private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

	private static final long LAST_USE_EVERY_MILLIS = Duration.ofMinutes(1).toMillis();

	private final AccessKeyCache cache;

	private final AccessKeyService keys;

	private final Clock clock;

	private final Duration clockSkew;

	private final ForwardedRequests forwarded;

	AccessKeySignatureVerifier(AccessKeyCache cache, AccessKeyService keys, Clock clock, Duration clockSkew,
			ForwardedRequests forwarded) {
		this.cache = cache;
		this.keys = keys;
		this.clock = clock;
		this.clockSkew = clockSkew;
		this.forwarded = forwarded;
	}

	@Override
	public CallerIdentity verify(HttpServletRequest request, byte[] body) {
		Authorization authorization = Authorization.parse(String.valueOf(request.getHeader("Authorization")));
		if (!authorization.signedHeaders().contains("host") || !authorization.signedHeaders().contains("x-sdk-date")) {
			throw refused("the signature must cover the host and x-sdk-date headers.");
		}
		String sdkDate = String.valueOf(request.getHeader("X-Sdk-Date"));
		checkDate(sdkDate);
		String payloadHash = SdkSignature.sha256Hex(body);
		String declaredHash = request.getHeader("X-Sdk-Content-Sha256");
		if (declaredHash != null && !declaredHash.equals(payloadHash)) {
			throw refused("X-Sdk-Content-Sha256 is not the hash of the body (unsigned payloads are not accepted).");
		}
		String canonicalRequest;
		try {
			canonicalRequest = SdkSignature.canonicalRequest(request.getMethod(), this.forwarded.path(request),
					request.getQueryString(), authorization.signedHeaders(),
					(name) -> "host".equals(name) ? this.forwarded.host(request) : request.getHeader(name),
					payloadHash);
		}
		catch (IllegalArgumentException ex) {
			throw refused("the request has a bad escape or lacks a signed header.");
		}
		Optional<KnownKey> found = find(authorization.accessKey());
		if (found.isEmpty()) {
			logger.debug("Refused a signature of the unknown access key {}",
					LogMasks.accessKey(authorization.accessKey()));
			throw refused("ak not exist.");
		}
		KnownKey key = found.get();
		String expected = SdkSignature.sign(key.signer(), SdkSignature.stringToSign(sdkDate, canonicalRequest));
		if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
				authorization.signature().getBytes(StandardCharsets.US_ASCII))) {
			logger.debug("Refused a wrong signature of access key {}", LogMasks.accessKey(key.accessKey()));
			throw refused("verify aksk signature fail.");
		}
		if (!key.active()) {
			throw refused("the access key is inactive.");
		}
		recordUse(key);
		CallerIdentity identity = key.identity();
		String projectHeader = request.getHeader("X-Project-Id");
		if (projectHeader != null && !projectHeader.equals(identity.projectId())) {
			return new CallerIdentity(identity.userId(), identity.userName(), null, identity.roles(), null);
		}
		return identity;
	}

	/**
	 * The key, from memory or the database. The database being unreachable is a 500, as
	 * for any request that needs it, logged in one line.
	 * @param accessKey the access key id the request named
	 * @return the key, or empty if there is none
	 */
	private Optional<KnownKey> find(String accessKey) {
		try {
			return this.cache.get(accessKey, this.keys::load);
		}
		catch (DataAccessException | TransactionException ex) {
			logger.warn("Could not read access key {}: {}", LogMasks.accessKey(accessKey),
					ex.getMostSpecificCause().getMessage());
			throw new CredentialsRefusedException(ErrorCode.INTERNAL_ERROR, "The access keys cannot be read", ex);
		}
	}

	private void checkDate(String sdkDate) {
		Instant signedAt;
		try {
			signedAt = LocalDateTime.parse(sdkDate, SDK_DATE).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			throw refused("X-Sdk-Date must be a UTC time such as 20261129T120000Z.");
		}
		if (Duration.between(signedAt, this.clock.instant()).abs().compareTo(this.clockSkew) > 0) {
			throw refused("the signature has expired: X-Sdk-Date is more than " + this.clockSkew.toMinutes()
					+ " minutes from the server's time.");
		}
	}

	/**
	 * Write the key's last use at most once a minute, in the background: never a write
	 * per request, and never on the request's time.
	 * @param key the key that signed the request
	 */
	private void recordUse(KnownKey key) {
		long now = this.clock.millis();
		long written = key.lastUseWritten().get();
		if (now - written >= LAST_USE_EVERY_MILLIS && key.lastUseWritten().compareAndSet(written, now)) {
			Thread.ofVirtual().name("csms-access-key-use").start(() -> {
				try {
					this.keys.recordUse(key.accessKey(), Instant.ofEpochMilli(now));
				}
				catch (RuntimeException ex) {
					logger.warn("Could not write the last use of access key {}: {}",
							LogMasks.accessKey(key.accessKey()), ex.getMessage());
				}
			});
		}
	}

	private static CredentialsRefusedException refused(String reason) {
		return CredentialsRefusedException.because(ErrorCode.INVALID_TOKEN, reason);
	}

	/**
	 * The parts of {@code Authorization: SDK-HMAC-SHA256 Access=..., SignedHeaders=...,
	 * Signature=...}, read as strictly as Huawei's signer writes them: each of the three
	 * parameters once and nothing else, the signed header names lower case, sorted and
	 * each once (the signer takes them from a sorted map). A header that could be read
	 * two ways, such as one with two {@code Access=}, is refused rather than read one of
	 * them.
	 *
	 * @param accessKey the access key id
	 * @param signedHeaders the names of the signed headers, in their order
	 * @param signature the signature, lower-case hex
	 */
	record Authorization(String accessKey, List<String> signedHeaders, String signature) {

		private static final String PREFIX = SdkSignature.ALGORITHM + " ";

		private static final String ACCESS = "Access=";

		private static final String SIGNED_HEADERS = "SignedHeaders=";

		private static final String SIGNATURE = "Signature=";

		static Authorization parse(String header) {
			if (!header.startsWith(PREFIX)) {
				throw malformed();
			}
			String accessKey = null;
			String signedHeaders = null;
			String signature = null;
			// -1: a trailing comma leaves an empty part, refused as any part that is none
			// of the three.
			for (String part : header.substring(PREFIX.length()).split(",", -1)) {
				String trimmed = part.strip();
				if (trimmed.startsWith(ACCESS) && accessKey == null) {
					accessKey = trimmed.substring(ACCESS.length());
				}
				else if (trimmed.startsWith(SIGNED_HEADERS) && signedHeaders == null) {
					signedHeaders = trimmed.substring(SIGNED_HEADERS.length());
				}
				else if (trimmed.startsWith(SIGNATURE) && signature == null) {
					signature = trimmed.substring(SIGNATURE.length());
				}
				else {
					throw malformed();
				}
			}
			if (accessKey == null || accessKey.isEmpty() || accessKey.length() > 128 || signedHeaders == null
					|| signature == null || !lowerHex(signature, 64)) {
				throw malformed();
			}
			List<String> names = List.of(signedHeaders.split(";", -1));
			if (!headerNames(names)) {
				throw malformed();
			}
			return new Authorization(accessKey, names, signature);
		}

		private static CredentialsRefusedException malformed() {
			return refused("the SDK-HMAC-SHA256 Authorization header is malformed.");
		}

		/**
		 * At least one name, each of lower-case letters, digits and dashes, in byte order
		 * and each once.
		 * @param names the value of {@code SignedHeaders}, split at its semicolons
		 * @return whether they are well-formed
		 */
		private static boolean headerNames(List<String> names) {
			String previous = null;
			for (String name : names) {
				if (!headerName(name) || (previous != null && name.compareTo(previous) <= 0)) {
					return false;
				}
				previous = name;
			}
			return previous != null;
		}

		private static boolean headerName(String name) {
			if (name.isEmpty()) {
				return false;
			}
			for (int i = 0; i < name.length(); i++) {
				char c = name.charAt(i);
				if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
					return false;
				}
			}
			return true;
		}

		private static boolean lowerHex(String text, int length) {
			if (text.length() != length) {
				return false;
			}
			for (int i = 0; i < length; i++) {
				char c = text.charAt(i);
				if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
					return false;
				}
			}
			return true;
		}

	}

}
