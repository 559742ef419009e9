package io.secretstage.web;

import java.io.IOException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the OpenAPI document of the API: {@code openapi.json} from the top of the
 * repository, which the build puts on the classpath, byte for byte. It needs no token: it
 * lies outside {@code /v1/} and describes the API without holding any data.
 */
@RestController
class OpenApiController {

	/** Where the document is served, and its name on the classpath. */
	static final String PATH = "/openapi.json";

	private final byte[] document;

	/**
	 * Read once at start, so a build that left the document out fails to start rather
	 * than answering 500 later.
	 */
	OpenApiController() throws IOException {
		this.document = new ClassPathResource(PATH.substring(1)).getContentAsByteArray();
	}

	/**
	 * Sent as the contract's JSON, which every route produces.
	 * @return the document, as read at start
	 */
	@GetMapping(PATH)
	byte[] document() {
		return this.document;
	}

}
