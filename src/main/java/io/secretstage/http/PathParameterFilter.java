package io.secretstage.http;

import java.io.IOException;

import io.secretstage.error.ErrorCode;
import io.secretstage.error.ErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses a path with {@code ;} parameters with 400 {@code CSMS.0003}, before Spring
 * Security reads the path. Its firewall refuses them too, but only after its own parsing
 * of the path, which fails with a 500 on a bad escape inside a parameter (Tomcat drops
 * parameters before it decodes, so it lets that escape through).
 */
final class PathParameterFilter extends HttpFilter {

	@Override
	protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (request.getRequestURI().indexOf(';') >= 0) {
			ErrorWriter.write(request, response, ErrorCode.INVALID_REQUEST);
			return;
		}
		chain.doFilter(request, response);
	}

}
