package io.secretstage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * HTTP/1.1 over a raw socket, one connection a request, for requests that an HTTP client
 * would normalize or refuse to send. The request target and header values are given as
 * they go on the wire: each {@code char} of the string is one byte (ISO-8859-1), so a
 * test decides every byte, including control characters and bytes that are not UTF-8.
 */
public final class RawHttp {

	private final int port;

	public RawHttp(int port) {
		this.port = port;
	}

	/**
	 * Send a GET, with an {@code X-Auth-Token} header unless the token is {@code null}.
	 * @param target the request target, as wire bytes
	 * @param token the header's value, as wire bytes
	 * @return the response
	 */
	public Response get(String target, @Nullable String token) {
		return send("GET " + target + " HTTP/1.1", token, "");
	}

	/**
	 * Send a request without a body.
	 * @param requestLine the request line, as wire bytes
	 * @param token the {@code X-Auth-Token} value as wire bytes, {@code null} for none
	 * @param headers more header lines, each ending in CRLF, as wire bytes
	 * @return the response
	 */
	public Response send(String requestLine, @Nullable String token, String headers) {
		return send(requestLine, token, headers, null);
	}

	/**
	 * Send a request with a JSON body.
	 * @param requestLine the request line, as wire bytes
	 * @param token the {@code X-Auth-Token} value as wire bytes, {@code null} for none
	 * @param body the body as wire bytes, with its {@code Content-Length}
	 * @return the response
	 */
	public Response sendJson(String requestLine, @Nullable String token, String body) {
		return send(requestLine, token, "Content-Type: application/json\r\n", body);
	}

	private Response send(String requestLine, @Nullable String token, String headers, @Nullable String body) {
		StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: localhost\r\n");
		if (token != null) {
			request.append("X-Auth-Token: ").append(token).append("\r\n");
		}
		request.append(headers);
		if (body != null) {
			request.append("Content-Length: ").append(body.length()).append("\r\n");
		}
		request.append("Connection: close\r\n\r\n");
		if (body != null) {
			request.append(body);
		}
		return send(request.toString());
	}

	/**
	 * Send a request exactly as given, its {@code Host} and {@code Connection: close}
	 * included.
	 * @param request the whole request, as wire bytes
	 * @return the response
	 */
	public Response send(String request) {
		return Response.parse(exchange(request));
	}

	/**
	 * A body in the chunked transfer coding, as a client sends one of no declared length.
	 * @param body the body, as wire bytes
	 * @param size the size of each chunk but the last ones
	 * @return the chunks and the last, empty one, as wire bytes
	 */
	public static String chunked(String body, int size) {
		StringBuilder chunks = new StringBuilder();
		for (int at = 0; at < body.length(); at += size) {
			String chunk = body.substring(at, Math.min(body.length(), at + size));
			chunks.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
		}
		return chunks.append("0\r\n\r\n").toString();
	}

	/**
	 * Send a request exactly as given and read all the server answers until it closes the
	 * connection.
	 * @param request the whole request, as wire bytes
	 * @return every byte of the answer
	 */
	public byte[] exchange(String request) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			try {
				out.write(request.getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
			}
			catch (IOException ex) {
				// The server may answer and close before it has read everything (a
				// request over the size limits): its answer is still there to read.
			}
			return socket.getInputStream().readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A response.
	 *
	 * @param status the status
	 * @param headers every value of every header, by lowercase name
	 * @param body the body, decoded as UTF-8 (and from chunks, if it came in chunks)
	 */
	public record Response(int status, Map<String, List<String>> headers, String body) implements ApiErrors.Answer {

		static Response parse(byte[] all) {
			String text = new String(all, StandardCharsets.ISO_8859_1);
			int split = text.indexOf("\r\n\r\n");
			if (split < 0) {
				throw new IllegalStateException("Not an HTTP response: " + text);
			}
			String[] head = text.substring(0, split).split("\r\n");
			Map<String, List<String>> headers = new LinkedHashMap<>();
			for (int i = 1; i < head.length; i++) {
				int colon = head[i].indexOf(':');
				headers
					.computeIfAbsent(head[i].substring(0, colon).toLowerCase(Locale.ROOT), (name) -> new ArrayList<>())
					.add(head[i].substring(colon + 1).trim());
			}
			byte[] body = Arrays.copyOfRange(all, split + 4, all.length);
			List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
			if (encoding.contains("chunked")) {
				body = unchunk(body);
			}
			return new Response(Integer.parseInt(head[0].split(" ")[1]), headers,
					new String(body, StandardCharsets.UTF_8));
		}

		private static byte[] unchunk(byte[] chunked) {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			String text = new String(chunked, StandardCharsets.ISO_8859_1);
			int at = 0;
			while (true) {
				int lineEnd = text.indexOf("\r\n", at);
				int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].trim(), 16);
				if (size == 0) {
					return body.toByteArray();
				}
				body.write(chunked, lineEnd + 2, size);
				at = lineEnd + 2 + size + 2;
			}
		}

		/**
		 * The one value of a header, or {@code null} if it is missing.
		 * @param name the header's name
		 * @return its value
		 * @throws IllegalStateException if the header came more than once
		 */
		public @Nullable String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			if (values == null) {
				return null;
			}
			if (values.size() != 1) {
				throw new IllegalStateException(name + " came " + values.size() + " times: " + values);
			}
			return values.get(0);
		}

		@Override
		public List<String> headerValues(String name) {
			return this.headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
		}

	}

}
