package io.secretstage.secret;

/**
 * Published once by every write to a secret, its versions or its stages; listeners that
 * act once the change is committed use
 * {@link org.springframework.transaction.event.TransactionalEventListener}.
 *
 * @param projectId the secret's project
 * @param secretName the secret's name
 */
record SecretChanged(String projectId, String secretName) {

}
