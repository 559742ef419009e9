package io.secretstage.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import io.secretstage.error.BodyTooLargeException;
import io.secretstage.error.ErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * Refuses a request body over the limit with 413: at once when its {@code Content-Length}
 * says so, and as soon as a body of unknown length (chunked) grows past it while it is
 * read, so that no body larger than the limit is ever held in memory. BatchImportSecrets,
 * which takes up to 100 secrets at once, and UploadSecretBlob, a secret with all its
 * versions, have a limit of their own. The body of a signed request is part of its
 * signature: it is read whole here, once, kept for the signature check
 * ({@link SignedBodies}) and replayed to the handler.
 */
final class BodySizeFilter extends HttpFilter {

	/** The path of the route that takes many secrets in one body (BatchImportSecrets). */
	private static final String BULK_PATH_END = "/secrets/batch-import";

	/** The path of the route that takes a secret's backup (UploadSecretBlob). */
	private static final String RESTORE_PATH_END = "/secrets/restore";

	private final long limit;

	private final long bulkLimit;

	private final SignedBodies signed;

	BodySizeFilter(long limit, long bulkLimit, SignedBodies signed) {
		this.limit = limit;
		this.bulkLimit = bulkLimit;
		this.signed = signed;
	}

	@Override
	protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		long length = request.getContentLengthLong();
		// Only a chunked body has no declared length; a request without a body (every
		// GET) passes unwrapped, so the read path pays one header lookup for the limit.
		boolean chunked = length == -1 && request.getHeader("Transfer-Encoding") != null;
		if (chunked && "HTTP/1.0".equals(request.getProtocol())) {
			// HTTP/1.0 has no transfer codings: its framing is in doubt, so the
			// connection ends with this request (RFC 9112, section 6.1).
			response.setHeader("Connection", "close");
		}
		if (length <= 0 && !chunked) {
			chain.doFilter(request, response);
			return;
		}
		long limit = limit(request);
		if (length > limit) {
			ErrorWriter.write(request, response, 413);
			return;
		}
		if (this.signed.signed(request)) {
			byte[] body;
			try {
				body = new LimitedInputStream(request.getInputStream(), limit).readAllBytes();
			}
			catch (BodyTooLargeException ex) {
				ErrorWriter.write(request, response, 413);
				return;
			}
			request.setAttribute(SignedBodies.ATTRIBUTE, body);
			chain.doFilter(new Replayed(request, body), response);
			return;
		}
		chain.doFilter(chunked ? new Limited(request, limit) : request, response);
	}

	private long limit(HttpServletRequest request) {
		if (!"POST".equals(request.getMethod())) {
			return this.limit;
		}
		String path = request.getRequestURI();
		return (path.endsWith(BULK_PATH_END) || path.endsWith(RESTORE_PATH_END)) ? this.bulkLimit : this.limit;
	}

	private static final class Limited extends HttpServletRequestWrapper {

		private final long limit;

		private @Nullable ServletInputStream body;

		Limited(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.body == null) {
				this.body = new LimitedInputStream(super.getInputStream(), this.limit);
			}
			return this.body;
		}

	}

	/** A request whose body was read already, served again from memory. */
	private static final class Replayed extends HttpServletRequestWrapper {

		private final ServletInputStream body;

		Replayed(HttpServletRequest request, byte[] body) {
			super(request);
			ByteArrayInputStream bytes = new ByteArrayInputStream(body);
			this.body = new ServletInputStream() {

				@Override
				public int read() {
					return bytes.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return bytes.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return bytes.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body was read already");
				}

			};
		}

		@Override
		public ServletInputStream getInputStream() {
			return this.body;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream body;

		private final long limit;

		private long read;

		LimitedInputStream(ServletInputStream body, long limit) {
			this.body = body;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = this.body.read();
			if (b != -1) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.body.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws BodyTooLargeException {
			this.read += n;
			if (this.read > this.limit) {
				throw new BodyTooLargeException(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.body.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.body.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.body.setReadListener(listener);
		}

	}

}
