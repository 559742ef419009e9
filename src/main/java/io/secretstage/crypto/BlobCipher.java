package io.secretstage.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.spec.SecretKeySpec;

import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The backup blobs of DownloadSecretBlob and UploadSecretBlob: {@code CSMSBK1.} + header
 * + {@code .} + nonce + {@code .} + ciphertext, each part base64url without padding. The
 * header, JSON {@code {"kid", "dk"}}, names the primary master key and holds a fresh data
 * key wrapped under it as {@link EnvelopeCipher} wraps a version's, bound to the project.
 * The content is encrypted with AES-256-GCM under that data key and the 12-byte nonce,
 * with the project's id, {@code /} and the text before the nonce as associated data. So a
 * blob opens only in its own project, where its master key is held (an old one too), and
 * not after a change to any of its bytes; every blob that does not open is refused alike.
 */
public final class BlobCipher {

	/** The prefix that names the format. */
	static final String PREFIX = "CSMSBK1.";

	private static final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder decoder = Base64.getUrlDecoder();

	private static final JsonMapper json = JsonMapper.shared();

	private final EnvelopeCipher envelope;

	BlobCipher(EnvelopeCipher envelope) {
		this.envelope = envelope;
	}

	/**
	 * Seal content into a blob for a project, under the primary master key.
	 * @param content what the blob holds
	 * @param projectId the one project it can be opened in
	 * @return the blob, ASCII text
	 */
	public String seal(byte[] content, String projectId) {
		String keyId = this.envelope.primaryKeyId();
		byte[] dataKey = this.envelope.newDataKey();
		try {
			byte[] wrappedKey = this.envelope.wrap(keyId, dataKey, keyContext(projectId));
			byte[] header = json.writeValueAsBytes(new Header(keyId, encoder.encodeToString(wrappedKey)));
			String head = PREFIX + encoder.encodeToString(header) + ".";
			byte[] sealed = this.envelope.encrypt(new SecretKeySpec(dataKey, "AES"), content,
					contentContext(projectId, head));
			int nonce = EnvelopeCipher.IV_BYTES;
			return head + encoder.encodeToString(Arrays.copyOf(sealed, nonce)) + "."
					+ encoder.encodeToString(Arrays.copyOfRange(sealed, nonce, sealed.length));
		}
		finally {
			Arrays.fill(dataKey, (byte) 0);
		}
	}

	/**
	 * Open a blob that {@link #seal} made for this project.
	 * @param blob the blob
	 * @param projectId the project it is opened in
	 * @return the content
	 * @throws ApiException 400 {@code CSMS.0905}, saying nothing more, if it is not a
	 * blob of this format, of this project, under a master key held here, exactly as
	 * sealed
	 */
	public byte[] open(String blob, String projectId) {
		if (!blob.startsWith(PREFIX)) {
			throw invalid();
		}
		String[] parts = blob.substring(PREFIX.length()).split("\\.", -1);
		if (parts.length != 3) {
			throw invalid();
		}
		Header header = header(decode(parts[0]));
		byte[] wrappedKey = decode(header.dk());
		byte[] nonce = decode(parts[1]);
		byte[] ciphertext = decode(parts[2]);
		if (nonce.length != EnvelopeCipher.IV_BYTES || !this.envelope.hasKey(header.kid())) {
			throw invalid();
		}
		byte[] dataKey;
		try {
			dataKey = this.envelope.unwrap(header.kid(), wrappedKey, keyContext(projectId));
		}
		catch (IllegalStateException ex) {
			throw invalid();
		}
		try {
			byte[] sealed = ByteBuffer.allocate(nonce.length + ciphertext.length).put(nonce).put(ciphertext).array();
			return EnvelopeCipher.decrypt(new SecretKeySpec(dataKey, "AES"), sealed,
					contentContext(projectId, PREFIX + parts[0] + "."));
		}
		catch (IllegalStateException ex) {
			throw invalid();
		}
		finally {
			Arrays.fill(dataKey, (byte) 0);
		}
	}

	/**
	 * What a blob's data key is bound to besides its master key: this use, and the
	 * project. A version's data key is bound to other text, so neither opens the other.
	 * @param projectId the project
	 * @return the associated data of the wrapped data key
	 */
	private static byte[] keyContext(String projectId) {
		return ("csms-secret-blob-1\u0000" + projectId).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The content's associated data: the project's id, {@code /}, then the text before
	 * the nonce.
	 * @param projectId the project
	 * @param head the text before the nonce: the prefix, the header and the dot after it
	 * @return the associated data of the content
	 */
	private static byte[] contentContext(String projectId, String head) {
		return (projectId + "/" + head).getBytes(StandardCharsets.UTF_8);
	}

	private static Header header(byte[] text) {
		Header header;
		try {
			header = json.readValue(text, Header.class);
		}
		catch (JacksonException ex) {
			throw invalid();
		}
		if (header == null || header.kid() == null || header.dk() == null) {
			throw invalid();
		}
		return header;
	}

	/**
	 * Decode a part in its one form, base64url without padding: another spelling of the
	 * same bytes (padding, bits past the last byte) is a changed blob too.
	 * @param part the part, or {@code null} if missing
	 * @return its bytes
	 */
	private static byte[] decode(@Nullable String part) {
		if (part != null) {
			try {
				byte[] bytes = decoder.decode(part);
				if (encoder.encodeToString(bytes).equals(part)) {
					return bytes;
				}
			}
			catch (IllegalArgumentException ex) {
				// Refused below.
			}
		}
		throw invalid();
	}

	private static ApiException invalid() {
		return new ApiException(ErrorCode.INVALID_BLOB);
	}

	/**
	 * A blob's header.
	 *
	 * @param kid the id of the master key that wrapped the data key
	 * @param dk the wrapped data key (IV, encrypted key and tag), base64url
	 */
	record Header(@Nullable String kid, @Nullable String dk) {

	}

}
