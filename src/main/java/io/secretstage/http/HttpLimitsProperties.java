package io.secretstage.http;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what a caller may send (the limit on headers is Tomcat's
 * {@code server.max-http-request-header-size}), and the proxies whose forwarded headers
 * are believed.
 *
 * @param maxBodySize the largest request body taken; larger ones get 413. The default
 * holds the largest secret value (32,768 characters) even with every character escaped in
 * JSON.
 * @param maxBulkBodySize the largest body of BatchImportSecrets, which holds up to 100
 * secrets, and of UploadSecretBlob, a secret with all its versions
 * @param requestHeadTimeout the time a client has, from the first byte of a request, to
 * send its whole request line and headers; a connection still sending them then is closed
 * without an answer. Tomcat's connection timeout bounds each read only, so a byte a
 * second would keep a connection open for ever.
 * @param connectionsHeapPercent the share of the heap, in percent, that open connections
 * may take while their request heads are read (Tomcat allocates the whole header buffer,
 * the header limit and more, at a connection's first byte). Sets
 * {@code server.tomcat.max-connections} at start, at most Tomcat's default of 8192,
 * unless that property is set; connections over it wait in the accept queue.
 * @param trustedProxies the addresses of the reverse proxies or gateways in front of the
 * service, as CIDR blocks (10.0.0.0/8) or single addresses. Only from these peers are
 * X-Forwarded-For, -Proto, -Host, -Port, -Prefix and Forwarded believed: the client's
 * address for the logs and the audit trail, and the host and path the client signed.
 * Empty (the default): no proxy is trusted and those headers are ignored.
 * @param pathPrefix the part of the path that a trusted proxy strips before passing a
 * request on, such as /csms, when it does not send X-Forwarded-Prefix: signed requests
 * from a trusted proxy are verified over this prefix and the path that arrived
 */
@ConfigurationProperties("csms.http")
@Validated
record HttpLimitsProperties(@DefaultValue("256KB") DataSize maxBodySize, @DefaultValue("6MB") DataSize maxBulkBodySize,
		@DefaultValue("5s") Duration requestHeadTimeout,
		@DefaultValue("25") @Positive @Max(90) int connectionsHeapPercent, @DefaultValue List<String> trustedProxies,
		@DefaultValue("") String pathPrefix) {

}
