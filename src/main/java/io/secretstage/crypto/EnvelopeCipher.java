package io.secretstage.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import org.jspecify.annotations.Nullable;

/**
 * Envelope encryption: each value is encrypted with AES-256-GCM under a fresh random data
 * key, and the data key is encrypted (wrapped) with AES-256-GCM under a master key. Both
 * carry the caller's associated data, so a ciphertext or wrapped key copied to another
 * context does not decrypt. Reads use the master key named in the sealed value, so master
 * keys can be rotated: add the new key, make it primary, keep the old ones.
 */
public final class EnvelopeCipher {

	private static final String AES_GCM = "AES/GCM/NoPadding";

	private static final int KEY_BYTES = 32;

	static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final Map<String, SecretKey> masterKeys;

	private final String primaryKeyId;

	private final SecureRandom random = new SecureRandom();

	EnvelopeCipher(CryptoProperties properties) {
		Map<String, SecretKey> keys = new LinkedHashMap<>();
		for (CryptoProperties.MasterKey key : properties.masterKeys()) {
			byte[] bytes;
			try {
				bytes = Base64.getDecoder().decode(key.key());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("csms.crypto master key '" + key.id() + "' is not base64");
			}
			if (bytes.length != KEY_BYTES) {
				throw new IllegalStateException(
						"csms.crypto master key '" + key.id() + "' must be 32 bytes, not " + bytes.length);
			}
			if (keys.put(key.id(), new SecretKeySpec(bytes, "AES")) != null) {
				throw new IllegalStateException("csms.crypto master key id '" + key.id() + "' is listed twice");
			}
		}
		String primary = (properties.primaryKeyId() != null) ? properties.primaryKeyId()
				: properties.masterKeys().get(0).id();
		if (!keys.containsKey(primary)) {
			throw new IllegalStateException("csms.crypto.primary-key-id '" + primary + "' is not a listed master key");
		}
		this.masterKeys = Map.copyOf(keys);
		this.primaryKeyId = primary;
	}

	/**
	 * The id of the key that new writes use.
	 * @return the primary key's id
	 */
	public String primaryKeyId() {
		return this.primaryKeyId;
	}

	/**
	 * Whether a master key of that id is configured.
	 * @param keyId a key id
	 * @return {@code true} if values can be sealed and opened with it
	 */
	public boolean hasKey(String keyId) {
		return this.masterKeys.containsKey(keyId);
	}

	/**
	 * Encrypt a value.
	 * @param plaintext the value
	 * @param context the associated data the value is bound to
	 * @param keyId the master key to use, or {@code null} for the primary
	 * @return the sealed value
	 */
	public Sealed seal(byte[] plaintext, byte[] context, @Nullable String keyId) {
		String masterKeyId = (keyId != null) ? keyId : this.primaryKeyId;
		byte[] dataKey = newDataKey();
		try {
			byte[] ciphertext = encrypt(new SecretKeySpec(dataKey, "AES"), plaintext, context);
			return new Sealed(masterKeyId, wrap(masterKeyId, dataKey, context), ciphertext);
		}
		finally {
			Arrays.fill(dataKey, (byte) 0);
		}
	}

	/**
	 * Decrypt a value.
	 * @param sealed the sealed value
	 * @param context the associated data it was sealed with
	 * @return the value
	 * @throws IllegalStateException if the key is unknown or the value, its key or the
	 * context do not match
	 */
	public byte[] open(Sealed sealed, byte[] context) {
		byte[] dataKey = unwrap(sealed.keyId(), sealed.wrappedKey(), context);
		try {
			return decrypt(new SecretKeySpec(dataKey, "AES"), sealed.ciphertext(), context);
		}
		finally {
			Arrays.fill(dataKey, (byte) 0);
		}
	}

	/**
	 * A fresh random data key, to be cleared by the caller once used.
	 * @return the key's 32 bytes
	 */
	byte[] newDataKey() {
		byte[] dataKey = new byte[KEY_BYTES];
		this.random.nextBytes(dataKey);
		return dataKey;
	}

	/**
	 * Wrap a data key under a master key, bound to the master key's id and the context:
	 * how every data key is kept, a version's and a backup blob's alike.
	 * @param keyId the master key's id
	 * @param dataKey the data key
	 * @param context the associated data the data key is bound to
	 * @return the IV and encrypted data key
	 */
	byte[] wrap(String keyId, byte[] dataKey, byte[] context) {
		return encrypt(masterKey(keyId), dataKey, wrapContext(keyId, context));
	}

	/**
	 * Unwrap a data key that {@link #wrap} wrapped.
	 * @param keyId the master key's id
	 * @param wrappedKey the IV and encrypted data key
	 * @param context the associated data it was wrapped with
	 * @return the data key, to be cleared by the caller once used
	 * @throws IllegalStateException if the key is unknown or the wrapped key, the key or
	 * the context do not match
	 */
	byte[] unwrap(String keyId, byte[] wrappedKey, byte[] context) {
		return decrypt(masterKey(keyId), wrappedKey, wrapContext(keyId, context));
	}

	private SecretKey masterKey(String keyId) {
		SecretKey key = this.masterKeys.get(keyId);
		if (key == null) {
			throw new IllegalStateException("No master key '" + keyId + "' is configured");
		}
		return key;
	}

	/**
	 * A wrapped data key is bound to its master key's id as well as to the context.
	 * @param keyId the master key's id
	 * @param context the associated data of the value
	 * @return the associated data of the wrapped data key: the id's length, the id, then
	 * the context
	 */
	private static byte[] wrapContext(String keyId, byte[] context) {
		byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(4 + id.length + context.length).putInt(id.length).put(id).put(context).array();
	}

	/**
	 * Encrypt with AES-256-GCM under a fresh random IV.
	 * @param key the key
	 * @param plaintext what to encrypt
	 * @param context the associated data
	 * @return the IV, then the ciphertext and its tag
	 */
	byte[] encrypt(SecretKey key, byte[] plaintext, byte[] context) {
		byte[] iv = new byte[IV_BYTES];
		this.random.nextBytes(iv);
		try {
			Cipher cipher = Cipher.getInstance(AES_GCM);
			cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(context);
			byte[] sealed = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM encryption failed", ex);
		}
	}

	/**
	 * Decrypt what {@link #encrypt} encrypted.
	 * @param key the key
	 * @param ivAndCiphertext the IV, then the ciphertext and its tag
	 * @param context the associated data
	 * @return the plaintext
	 * @throws IllegalStateException if the key, the ciphertext or the context do not
	 * match
	 */
	static byte[] decrypt(SecretKey key, byte[] ivAndCiphertext, byte[] context) {
		try {
			Cipher cipher = Cipher.getInstance(AES_GCM);
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ivAndCiphertext, 0, IV_BYTES));
			cipher.updateAAD(context);
			return cipher.doFinal(ivAndCiphertext, IV_BYTES, ivAndCiphertext.length - IV_BYTES);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			// IllegalArgumentException: shorter than an IV.
			throw new IllegalStateException("A sealed value does not open with its key and context");
		}
	}

	/**
	 * A value as stored: the master key's id, the wrapped data key and the ciphertext, in
	 * the same three columns of every table that holds sealed values.
	 *
	 * @param keyId the id of the master key that wrapped the data key
	 * @param wrappedKey the IV and encrypted data key
	 * @param ciphertext the IV and encrypted value
	 */
	@Embeddable
	public record Sealed(@Column(name = "kms_key_id", nullable = false, updatable = false) String keyId,
			@Column(name = "wrapped_key", nullable = false, updatable = false) byte[] wrappedKey,
			@Column(name = "ciphertext", nullable = false, updatable = false) byte[] ciphertext) {

		@Override
		public String toString() {
			return "Sealed[keyId=" + this.keyId + "]";
		}

	}

}
