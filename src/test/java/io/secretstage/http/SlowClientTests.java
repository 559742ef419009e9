package io.secretstage.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.secretstage.ApiTest;
import io.secretstage.RawHttp;
import io.secretstage.TestInstances;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests that a connection gets {@code csms.http.request-head-timeout} for its whole
 * request head, however it trickles, while a kept-alive connection between requests and a
 * request whose body is slow are left alone; and that the connections are bounded by the
 * heap.
 */
@ApiTest
@TestInstance(Lifecycle.PER_CLASS)
class SlowClientTests {

	private static final String LIST = "/v1/" + PROJECT_A + "/secrets";

	private static final Duration DEADLINE = Duration.ofSeconds(1);

	@Autowired
	private JdbcConnectionDetails database;

	private ConfigurableApplicationContext instance;

	private int port;

	@BeforeAll
	void start() {
		this.instance = TestInstances.start(settings());
		this.port = TestInstances.port(this.instance);
	}

	@AfterAll
	void stop() {
		this.instance.close();
	}

	@Test
	void aHalfSentRequestIsClosedWithoutAnAnswerAtTheDeadline() throws IOException {
		try (Socket socket = connect()) {
			socket.getOutputStream().write('G');
			long sent = System.nanoTime();
			assertThat(new RawHttp(this.port).get(LIST, TOKEN_A).status()).isEqualTo(200);
			socket.setSoTimeout(10_000);
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
			assertThat(Duration.ofNanos(System.nanoTime() - sent)).isBetween(DEADLINE.minusMillis(100),
					DEADLINE.plusSeconds(2));
		}
	}

	@Test
	void aHeadSentAByteAtATimeIsClosedAtTheDeadline() throws IOException {
		byte[] head = ("GET " + LIST + " HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: " + TOKEN_A + "\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1);
		try (Socket socket = connect()) {
			// Each byte 200 ms after the last: Tomcat's timeout for each read never ends
			// it.
			socket.setSoTimeout(200);
			long start = System.nanoTime();
			boolean closed = false;
			for (int at = 0; at < head.length && !closed; at++) {
				closed = !sendAndWait(socket, head[at]);
				if (!closed) {
					assertThat(new RawHttp(this.port).get(LIST, TOKEN_A).status()).isEqualTo(200);
				}
			}
			assertThat(closed).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(DEADLINE.minusMillis(100),
					DEADLINE.plusSeconds(2));
		}
	}

	@Test
	void aKeptAliveConnectionIsLeftOpenBetweenRequests() throws IOException {
		try (Socket socket = connect()) {
			socket.setSoTimeout(10_000);
			assertThat(exchange(socket,
					"GET " + LIST + " HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: " + TOKEN_A + "\r\n\r\n"))
				.startsWith("HTTP/1.1 200 ");
			// Idle for more than twice the deadline, well within the keep-alive timeout.
			socket.setSoTimeout((int) DEADLINE.multipliedBy(2).plusMillis(500).toMillis());
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> socket.getInputStream().read());
			socket.setSoTimeout(10_000);
			assertThat(exchange(socket,
					"GET " + LIST + " HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: " + TOKEN_A + "\r\n\r\n"))
				.startsWith("HTTP/1.1 200 ");
		}
	}

	@Test
	void aSlowBodyAfterAHeadInTimeIsRead() throws IOException, InterruptedException {
		String body = "{\"name\":\"slow-body-" + UUID.randomUUID() + "\",\"secret_string\":\"one\"}";
		try (Socket socket = connect()) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + LIST + " HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: " + TOKEN_A
					+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			// The body in five pieces over twice the deadline: a slow peer.
			int piece = body.length() / 5 + 1;
			for (int at = 0; at < body.length(); at += piece) {
				out.write(body.substring(at, Math.min(body.length(), at + piece)).getBytes(StandardCharsets.UTF_8));
				out.flush();
				Thread.sleep(DEADLINE.multipliedBy(2).dividedBy(5));
			}
			assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200 ");
		}
	}

	@Test
	void theConnectionsAreBoundedByTheHeap() {
		HeadDeadlineProtocol protocol = protocol(this.instance);
		assertThat(protocol.getRequestHeadTimeout()).isEqualTo(DEADLINE);
		// The header limit (96 KB) and Tomcat's buffers.
		assertThat(protocol.connectionHeapBytes()).isBetween(130L * 1024, 160L * 1024);
		assertThat(protocol.getMaxConnections()).isEqualTo(
				HttpConfiguration.maxConnections(Runtime.getRuntime().maxMemory(), 25, protocol.connectionHeapBytes()));
	}

	@Test
	void theBoundIsAShareOfTheHeapUpToTomcatsDefault() {
		long kb = 1024;
		assertThat(HttpConfiguration.maxConnections(512 * kb * kb, 25, 146 * kb)).isEqualTo(897);
		assertThat(HttpConfiguration.maxConnections(64 * kb * kb * kb, 25, 146 * kb)).isEqualTo(8192);
		assertThat(HttpConfiguration.maxConnections(kb * kb, 1, 146 * kb)).isOne();
	}

	@Test
	void aSetBoundWinsAndHalfSentRequestsFreeTheirPlacesAtTheDeadline() throws IOException {
		Map<String, Object> settings = settings();
		settings.put("server.tomcat.max-connections", "2");
		try (ConfigurableApplicationContext bounded = TestInstances.start(settings);
				Socket first = connect(TestInstances.port(bounded));
				Socket second = connect(TestInstances.port(bounded))) {
			assertThat(protocol(bounded).getMaxConnections()).isEqualTo(2);
			first.getOutputStream().write('G');
			second.getOutputStream().write('G');
			long sent = System.nanoTime();
			// Waits in the accept queue until the deadline frees a place.
			assertThat(new RawHttp(TestInstances.port(bounded)).get(LIST, TOKEN_A).status()).isEqualTo(200);
			assertThat(Duration.ofNanos(System.nanoTime() - sent)).isBetween(DEADLINE.minusMillis(100),
					DEADLINE.plusSeconds(2));
		}
	}

	private Map<String, Object> settings() {
		Map<String, Object> settings = TestInstances.settings(this.database.getJdbcUrl(), this.database.getUsername(),
				String.valueOf(this.database.getPassword()));
		settings.put("csms.http.request-head-timeout", DEADLINE.toMillis() + "ms");
		settings.put("server.tomcat.keep-alive-timeout", "30s");
		return settings;
	}

	private static HeadDeadlineProtocol protocol(ConfigurableApplicationContext instance) {
		TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) instance).getWebServer();
		return (HeadDeadlineProtocol) server.getTomcat().getConnector().getProtocolHandler();
	}

	private Socket connect() throws IOException {
		return connect(this.port);
	}

	private static Socket connect(int port) throws IOException {
		return new Socket(InetAddress.getLoopbackAddress(), port);
	}

	/**
	 * Send a byte and wait for the socket's read timeout.
	 * @return whether the connection is still open
	 */
	private static boolean sendAndWait(Socket socket, byte b) {
		try {
			socket.getOutputStream().write(b);
			socket.getOutputStream().flush();
			int read = socket.getInputStream().read();
			assertThat(read).as("no answer, only the close").isEqualTo(-1);
			return false;
		}
		catch (SocketTimeoutException ex) {
			return true;
		}
		catch (IOException ex) {
			// Reset: a byte was sent after the server closed.
			return false;
		}
	}

	private static String exchange(Socket socket, String request) throws IOException {
		socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
		socket.getOutputStream().flush();
		return readResponse(socket.getInputStream());
	}

	/** The head of one response, its body (of a length or chunked) read and left out. */
	private static String readResponse(InputStream in) throws IOException {
		String head = readLine(in, "\r\n\r\n");
		String lower = head.toLowerCase();
		int length = lower.indexOf("content-length: ");
		if (length >= 0) {
			int end = lower.indexOf("\r\n", length);
			in.readNBytes(Integer.parseInt(head.substring(length + 16, end).trim()));
		}
		else if (lower.contains("transfer-encoding: chunked")) {
			readLine(in, "\r\n0\r\n\r\n");
		}
		return head;
	}

	private static String readLine(InputStream in, String end) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		while (!bytes.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
			int b = in.read();
			if (b == -1) {
				throw new IOException("closed after " + bytes.toString(StandardCharsets.ISO_8859_1));
			}
			bytes.write(b);
		}
		return bytes.toString(StandardCharsets.ISO_8859_1);
	}

}
