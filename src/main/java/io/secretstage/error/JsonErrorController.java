package io.secretstage.error;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The servlet container's error page, for errors raised outside Spring MVC's exception
 * handling (such as a {@code sendError} in a filter). It replaces Boot's default error
 * page so that those errors carry the contract's body too. A direct request for
 * {@code /error} is an unknown route.
 */
@Controller
class JsonErrorController implements ErrorController {

	@RequestMapping("${spring.web.error.path:/error}")
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		ErrorWriter.write(request, response, (status instanceof Integer value) ? value : 404);
	}

}
