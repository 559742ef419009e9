package io.secretstage.accesskey;

import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;

import io.secretstage.identity.CallerIdentity;
import io.secretstage.observability.LogMasks;

/**
 * An access key as signature checks need it: its secret key, unsealed, and the identity
 * it stands for. Kept only in memory, and never printed.
 *
 * @param accessKey the access key id
 * @param signer an HMAC keyed with the secret key ({@link SdkSignature#hmac})
 * @param identity the key's user, in the key's project and roles
 * @param active whether the key may sign requests
 * @param lastUseWritten when its last use was last written (epoch milliseconds)
 */
record KnownKey(String accessKey, Mac signer, CallerIdentity identity, boolean active, AtomicLong lastUseWritten) {

	@Override
	public String toString() {
		return "KnownKey[accessKey=" + LogMasks.accessKey(this.accessKey) + "]";
	}

}
