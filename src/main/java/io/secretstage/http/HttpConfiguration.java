package io.secretstage.http;

import java.util.List;

import io.secretstage.system.FilterOrder;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.coyote.ContinueResponseTiming;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * What a request may be before Spring Security and Spring MVC read it: its head in time,
 * no {@code ;} parameters in its path, no body over the limit, and no
 * {@code 100 Continue} before its credentials are checked; and how many connections the
 * heap holds.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpLimitsProperties.class)
class HttpConfiguration {

	/** Tomcat's own {@code maxConnections}, kept as the most on large heaps. */
	static final int TOMCAT_MAX_CONNECTIONS = 8192;

	private static final Logger logger = LoggerFactory.getLogger(HttpConfiguration.class);

	/**
	 * The API's connector gets a deadline for the request head
	 * ({@link HeadDeadlineProtocol}) and, unless {@code server.tomcat.max-connections} is
	 * set, a bound on connections sized to the heap, so that half-sent requests can
	 * neither be held open nor run the heap out. Unordered, this customizer runs after
	 * Spring Boot's (order 0), whose connector customizer would otherwise set Tomcat's
	 * default bound over this one. The management port keeps Tomcat's protocol.
	 * @param limits the deadline and the heap's share
	 * @param environment tells whether the bound is set
	 * @return the customizer of the API's server
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> slowClientLimits(HttpLimitsProperties limits,
			Environment environment) {
		boolean boundSet = environment.containsProperty("server.tomcat.max-connections");
		return (factory) -> {
			factory.setProtocol(HeadDeadlineProtocol.class.getName());
			factory.addConnectorCustomizers((connector) -> {
				if (connector.getProtocolHandler() instanceof HeadDeadlineProtocol protocol) {
					protocol.setRequestHeadTimeout(limits.requestHeadTimeout());
					long heap = Runtime.getRuntime().maxMemory();
					if (!boundSet) {
						protocol.setMaxConnections(
								maxConnections(heap, limits.connectionsHeapPercent(), protocol.connectionHeapBytes()));
					}
					logger.info("Request heads within {}; at most {} connections ({} KB of heap each, {} MB heap)",
							limits.requestHeadTimeout(), protocol.getMaxConnections(),
							protocol.connectionHeapBytes() / 1024, heap / (1024 * 1024));
				}
			});
		};
	}

	/**
	 * How many connections fit in a share of the heap.
	 * @param maxHeap the heap's bytes
	 * @param percent the share in percent
	 * @param perConnection the bytes of one connection
	 * @return the bound, at least 1 and at most {@link #TOMCAT_MAX_CONNECTIONS}
	 */
	static int maxConnections(long maxHeap, int percent, long perConnection) {
		long fit = maxHeap / 100 * percent / perConnection;
		return (int) Math.max(1, Math.min(fit, TOMCAT_MAX_CONNECTIONS));
	}

	/**
	 * A client that sends {@code Expect: 100-continue} is told to send its body only when
	 * the service reads it, after the credentials and the route are checked; Tomcat
	 * otherwise answers 100 as soon as the head is parsed, to anyone.
	 * @return the customizer of the connectors
	 */
	@Bean
	TomcatConnectorCustomizer continueWhenTheBodyIsRead() {
		return (connector) -> {
			if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
				http.setContinueResponseTiming(ContinueResponseTiming.ON_REQUEST_BODY_READ.toString());
			}
		};
	}

	/**
	 * Behind trusted proxies, Tomcat's {@code RemoteIpValve}, trusting those peers only
	 * (Spring Boot's own valve, of {@code server.forward-headers-strategy=native}, would
	 * trust every private address by default, so the application turns it off). It sets
	 * the client's address from {@code X-Forwarded-For} and the scheme from
	 * {@code X-Forwarded-Proto}, and marks the request as forwarded; the host and prefix
	 * are {@link ForwardedRequests}'. From any other peer it changes nothing.
	 * @param limits the trusted proxies
	 * @return the customizer of the server
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> trustedProxies(HttpLimitsProperties limits) {
		String proxies = internalProxies(limits.trustedProxies());
		return (factory) -> {
			if (!proxies.isEmpty()) {
				RemoteIpValve valve = new RemoteIpValve();
				valve.setInternalProxies(proxies);
				valve.setRemoteIpHeader("X-Forwarded-For");
				valve.setProtocolHeader("X-Forwarded-Proto");
				factory.addEngineValves(valve);
				logger.info("Forwarded headers believed from {}", proxies);
			}
		};
	}

	/**
	 * The proxies as {@code RemoteIpValve} takes CIDR blocks: separated by commas, each
	 * with its length (a single address is a block of one).
	 * @param proxies the addresses and blocks as configured
	 * @return the list, empty for none
	 */
	static String internalProxies(List<String> proxies) {
		StringBuilder blocks = new StringBuilder();
		for (String proxy : proxies) {
			String block = proxy.strip();
			if (block.isEmpty()) {
				continue;
			}
			if (block.indexOf('/') < 0) {
				block = block + ((block.indexOf(':') >= 0) ? "/128" : "/32");
			}
			blocks.append(blocks.isEmpty() ? "" : ",").append(block);
		}
		return blocks.toString();
	}

	/**
	 * The host and path that signed requests are verified over.
	 * @param limits the configured path prefix
	 * @return how forwarded requests are read
	 */
	@Bean
	ForwardedRequests forwardedRequests(HttpLimitsProperties limits) {
		return new ForwardedRequests(limits.pathPrefix());
	}

	@Bean
	FilterRegistrationBean<PathParameterFilter> pathParameterFilter() {
		FilterRegistrationBean<PathParameterFilter> registration = new FilterRegistrationBean<>(
				new PathParameterFilter());
		registration.setOrder(FilterOrder.PATH_PARAMETERS.order());
		return registration;
	}

	/**
	 * The body limit, which reads a signed request's body whole for its signature.
	 * @param limits the limit
	 * @param signed tells the signed requests, if anything signs them
	 * @return the filter
	 */
	@Bean
	FilterRegistrationBean<BodySizeFilter> bodySizeFilter(HttpLimitsProperties limits,
			ObjectProvider<SignedBodies> signed) {
		FilterRegistrationBean<BodySizeFilter> registration = new FilterRegistrationBean<>(
				new BodySizeFilter(limits.maxBodySize().toBytes(), limits.maxBulkBodySize().toBytes(),
						signed.getIfAvailable(() -> (request) -> false)));
		registration.setOrder(FilterOrder.BODY_SIZE.order());
		return registration;
	}

}
