package io.secretstage.http;

import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.util.ForwardedHeaderUtils;
import org.springframework.web.util.UriComponents;

/**
 * The host and path a client signed, for a request that may have come through a reverse
 * proxy or gateway. Tomcat's {@code RemoteIpValve}, installed only when
 * {@code csms.http.trusted-proxies} is set, decides whether the immediate peer is a
 * trusted proxy (it marks such a request, and nothing else, with
 * {@value #FORWARDED_ATTRIBUTE}) and takes the client's address from its
 * {@code X-Forwarded-For}, walking right to left past the trusted proxies. This class
 * reads the rest, and only from a request so marked: the valve keeps only the name of
 * {@code X-Forwarded-Host} (it drops a port) and reads neither {@code Forwarded} nor
 * {@code X-Forwarded-Prefix}, and Spring's {@code ForwardedHeaderFilter}, which reads
 * them, trusts any peer and rewrites the path that routing sees; its parsing of the host
 * headers ({@link ForwardedHeaderUtils}) is used here, for trusted requests only. From
 * any other peer every forwarded header is ignored: the signature is checked over the
 * {@code Host} header and the path as they arrived, as for a direct caller.
 */
public final class ForwardedRequests {

	/** The attribute {@code RemoteIpValve} sets on a request from a trusted proxy. */
	static final String FORWARDED_ATTRIBUTE = "org.apache.tomcat.request.forwarded";

	/** The headers that say which host the client asked for. */
	private static final List<String> HOST_HEADERS = List.of("Forwarded", "X-Forwarded-Host", "X-Forwarded-Port",
			"X-Forwarded-Proto", "X-Forwarded-Ssl");

	private final String pathPrefix;

	/**
	 * Forwarded requests with a configured prefix.
	 * @param pathPrefix the part of the path that the trusted proxy strips, such as
	 * {@code /csms}, or empty
	 */
	public ForwardedRequests(String pathPrefix) {
		this.pathPrefix = prefix(pathPrefix);
	}

	/**
	 * Whether the request's immediate peer is a trusted proxy.
	 * @param request the request
	 * @return {@code true} if its forwarded headers are to be believed
	 */
	public static boolean fromTrustedProxy(HttpServletRequest request) {
		return Boolean.TRUE.equals(request.getAttribute(FORWARDED_ATTRIBUTE));
	}

	/**
	 * The {@code host} the client signed: from a trusted proxy, the host (and port) that
	 * its {@code Forwarded} or {@code X-Forwarded-Host}, {@code -Port} and {@code -Proto}
	 * say, read by Spring's {@link ForwardedHeaderUtils}, else the {@code Host} header;
	 * from anyone else, the {@code Host} header.
	 * @param request the request
	 * @return the host, or {@code null} if there is none or the proxy's is malformed
	 */
	public @Nullable String host(HttpServletRequest request) {
		String host = request.getHeader("Host");
		if (!fromTrustedProxy(request) || host == null) {
			return host;
		}
		HttpHeaders headers = new HttpHeaders();
		for (String name : HOST_HEADERS) {
			String value = request.getHeader(name);
			if (value != null) {
				headers.add(name, value);
			}
		}
		if (headers.isEmpty()) {
			return host;
		}
		try {
			UriComponents forwarded = ForwardedHeaderUtils
				.adaptFromForwardedHeaders(URI.create(request.getScheme() + "://" + host), headers)
				.build();
			return (forwarded.getPort() != -1) ? forwarded.getHost() + ":" + forwarded.getPort() : forwarded.getHost();
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			// No host that anyone could have signed.
			return null;
		}
	}

	/**
	 * The path the client signed, still percent-encoded: from a trusted proxy, the path
	 * that arrived under the prefix of {@code X-Forwarded-Prefix}, or the configured one;
	 * from anyone else, the path that arrived.
	 * @param request the request
	 * @return the path
	 */
	public String path(HttpServletRequest request) {
		String path = request.getRequestURI();
		if (!fromTrustedProxy(request)) {
			return path;
		}
		String forwardedPrefix = first(request.getHeader("X-Forwarded-Prefix"));
		String prefix = (forwardedPrefix != null) ? prefix(forwardedPrefix) : this.pathPrefix;
		return prefix + path;
	}

	/**
	 * A prefix as {@code /a/b}: a leading slash, none at the end; empty for none.
	 * @param prefix the prefix as configured or sent
	 * @return the prefix to put before a path
	 */
	static String prefix(String prefix) {
		String stripped = prefix.strip();
		int end = stripped.length();
		while (end > 0 && stripped.charAt(end - 1) == '/') {
			end--;
		}
		stripped = stripped.substring(0, end);
		return (stripped.isEmpty() || stripped.startsWith("/")) ? stripped : "/" + stripped;
	}

	/**
	 * The first of a header's comma-separated values: the one the outermost proxy set.
	 * @param value the header's value
	 * @return the first value, or {@code null} if there is none
	 */
	private static @Nullable String first(@Nullable String value) {
		if (value == null) {
			return null;
		}
		int comma = value.indexOf(',');
		String first = ((comma >= 0) ? value.substring(0, comma) : value).strip();
		return first.isEmpty() ? null : first;
	}

}
