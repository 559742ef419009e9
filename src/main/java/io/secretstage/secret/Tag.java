package io.secretstage.secret;

/**
 * A tag as the answers show it.
 *
 * @param key its key
 * @param value its value, {@code ""} when none was given
 */
record Tag(String key, String value) {

}
