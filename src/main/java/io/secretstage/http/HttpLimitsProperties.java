package io.secretstage.http;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a caller may send. (The limit on headers is Tomcat's
 * {@code server.max-http-request-header-size}.)
 *
 * @param maxBodySize the largest request body taken; larger ones get 413. The default
 * holds the largest secret value (32,768 characters) even with every character escaped in
 * JSON.
 * @param maxBulkBodySize the largest body of BatchImportSecrets, which holds up to 100
 * secrets
 */
@ConfigurationProperties("csms.http")
record HttpLimitsProperties(@DefaultValue("256KB") DataSize maxBodySize,
		@DefaultValue("6MB") DataSize maxBulkBodySize) {

}
