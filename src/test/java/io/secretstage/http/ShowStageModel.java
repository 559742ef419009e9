package io.secretstage.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What the contract ({@code ../shared/spec/API.md}) expects of a ShowSecretStage request,
 * worked out from the request as it goes on the wire, without the service: a reference
 * for the generated requests of {@link RequestFuzzTests}. It follows the contract's order
 * of checks: malformed request, token, route, path variables, project scope, lookup.
 * <p>
 * What counts as malformed is the framework's choice within the contract ("bad encoding,
 * {@code %2F} or {@code %00} in a path, bad header"); the rules below are those of Tomcat
 * and Spring Security's {@code StrictHttpFirewall}, as observed and as documented,
 * written down so that a change in them is noticed.
 */
final class ShowStageModel {

	private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

	private static final Pattern PROJECT_ID = Pattern.compile("[A-Za-z0-9_-]{32,64}");

	/**
	 * The characters that Tomcat takes unencoded in a path segment: RFC 3986's unreserved
	 * and sub-delims, ':' and '@'. It refuses the others (space, controls, non-ASCII
	 * bytes, {@code "#<>[\]^`{|}}), and the firewall refuses ';'.
	 */
	private static final String PLAIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,=:@";

	/**
	 * Encoded forms that Tomcat (an encoded slash or NUL) or the firewall (the rest)
	 * refuse wherever they appear in the path, compared without case.
	 */
	private static final List<String> REFUSED_ENCODED = List.of("%2f", "%00", "%5c", "%2e", "%25", "%3b", "%0a", "%0d");

	/** RFC 9110's token characters, of which a method is made. */
	private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789"
			+ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	/** The methods that the firewall lets through; it refuses the others with a 400. */
	private static final Set<String> FIREWALL_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS",
			"PATCH");

	private final Map<String, Identity> tokens;

	private final Map<String, Map<String, Map<String, Stored>>> stages;

	/**
	 * Create the model of a service that knows these tokens and holds these stages.
	 * @param tokens the identity of each token
	 * @param stages project id to secret name to stage name to the stage
	 */
	ShowStageModel(Map<String, Identity> tokens, Map<String, Map<String, Map<String, Stored>>> stages) {
		this.tokens = tokens;
		this.stages = stages;
	}

	/**
	 * The answer to {@code GET /v1/{project}/secrets/{secret}/stages/{stage}}.
	 * @param project the project id segment, as wire bytes
	 * @param secret the secret name segment, as wire bytes
	 * @param stage the stage name segment, as wire bytes
	 * @param token the {@code X-Auth-Token} value as wire bytes, {@code null} for none
	 * @return the expected answer
	 */
	Expected expect(String project, String secret, String stage, @Nullable String token) {
		@Nullable String projectId = decode(project, false);
		@Nullable String secretName = decode(secret, false);
		@Nullable String stageName = decode(endOfTarget(stage), true);
		if (projectId == null || secretName == null || stageName == null || refusedHeaderValue(token)) {
			return Expected.error(400, "CSMS.0003", "The request is invalid.");
		}
		if (token == null) {
			return Expected.error(401, "APIGW.0301", "Incorrect IAM authentication information: "
					+ "the request has neither an X-Auth-Token nor an SDK-HMAC-SHA256 signature.");
		}
		Identity caller = this.tokens.get(trimWhitespace(token));
		if (caller == null) {
			return Expected.error(401, "APIGW.0301", "Incorrect IAM authentication information.");
		}
		if (caller.expired()) {
			return Expected.error(401, "APIGW.0307", "The token must be updated.");
		}
		if (stageName.isEmpty()) {
			// A trailing slash: no route has it.
			return Expected.error(404, "APIGW.0101", "The API does not exist.");
		}
		List<String> invalid = new ArrayList<>();
		if (!PROJECT_ID.matcher(projectId).matches()) {
			invalid.add("project_id");
		}
		if (!NAME.matcher(secretName).matches()) {
			invalid.add("secret_name");
		}
		if (!NAME.matcher(stageName).matches()) {
			invalid.add("stage_name");
		}
		if (!invalid.isEmpty()) {
			return Expected.error(400, "CSMS.0002",
					"The value of parameter " + String.join(", ", invalid) + " is invalid.");
		}
		if (!caller.projectId().equals(projectId)) {
			return Expected.error(403, "CSMS.0302", "The user role has no permission to access the resource.");
		}
		Map<String, Stored> secretStages = this.stages.getOrDefault(projectId, Map.of()).get(secretName);
		if (secretStages == null) {
			return Expected.error(404, "CSMS.0106", "The secret does not exist.");
		}
		Stored found = secretStages.get(stageName);
		if (found == null) {
			return Expected.error(404, "CSMS.0005", "The resource does not exist.");
		}
		return new Expected(200, null, null, new Found(stageName, secretName, found));
	}

	/**
	 * The answer to a request for a stage with any method but PUT and DELETE (which would
	 * change the fixtures), over HTTP/1.1 or HTTP/1.0.
	 * @param method the method, as wire bytes
	 * @param project the project id segment, as wire bytes
	 * @param secret the secret name segment, as wire bytes
	 * @param stage the stage name segment, as wire bytes
	 * @param token the {@code X-Auth-Token} value as wire bytes, {@code null} for none
	 * @return the expected answer
	 */
	Expected expect(String method, String project, String secret, String stage, @Nullable String token) {
		if (method.isEmpty() || !method.chars().allMatch((c) -> TOKEN_CHARS.indexOf(c) >= 0)) {
			return Expected.error(400, "CSMS.0003", "The request is invalid.");
		}
		if (method.equals("TRACE")) {
			// Tomcat refuses TRACE itself, before anything else is looked at.
			return Expected.error(405, "CSMS.0003", "The request is invalid.");
		}
		if (!FIREWALL_METHODS.contains(method)) {
			return Expected.error(400, "CSMS.0003", "The request is invalid.");
		}
		Expected get = expect(project, secret, stage, token);
		if (method.equals("GET") || method.equals("HEAD") || get.status() == 400 || get.status() == 401) {
			return get;
		}
		return Expected.error(405, "CSMS.0003", "The request is invalid.");
	}

	/**
	 * The last segment as Tomcat reads it: the request target ends at the first space or
	 * tab, and more of them may come before the protocol. So trailing whitespace is not
	 * part of the path, and whitespace followed by anything else is refused (as a segment
	 * with a space in the middle is), which a space left in the segment makes
	 * {@link #decode} do.
	 */
	private static String endOfTarget(String last) {
		int end = last.length();
		while (end > 0 && (last.charAt(end - 1) == ' ' || last.charAt(end - 1) == '\t')) {
			end--;
		}
		String kept = last.substring(0, end);
		return (kept.indexOf(' ') < 0 && kept.indexOf('\t') < 0) ? kept : last;
	}

	/**
	 * The value of a path segment as the service sees it, or {@code null} when the
	 * framework refuses the request because of it.
	 * @param raw the segment as wire bytes
	 * @param last whether it ends the path, where an empty segment is a trailing slash
	 * rather than a refused {@code //}
	 * @return the decoded value
	 */
	static @Nullable String decode(String raw, boolean last) {
		if (raw.isEmpty()) {
			return last ? "" : null;
		}
		if (raw.equals(".") || raw.equals("..")) {
			return null;
		}
		String lower = raw.toLowerCase(Locale.ROOT);
		if (REFUSED_ENCODED.stream().anyMatch(lower::contains)) {
			return null;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (c == '%') {
				if (i + 2 >= raw.length() || !isHex(raw.charAt(i + 1)) || !isHex(raw.charAt(i + 2))) {
					return null;
				}
				bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
				i += 2;
			}
			else if (PLAIN.indexOf(c) >= 0) {
				bytes.write(c);
			}
			else {
				return null;
			}
		}
		String decoded;
		try {
			decoded = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
		// The firewall also refuses the Unicode line and paragraph separators, decoded.
		return (decoded.contains("\u2028") || decoded.contains("\u2029")) ? null : decoded;
	}

	/**
	 * Whether Tomcat (control characters other than tab) or the firewall (also the C1
	 * controls, U+0080 to U+009F, which is how Tomcat reads those bytes) refuses a header
	 * value.
	 */
	static boolean refusedHeaderValue(@Nullable String value) {
		return value != null && value.chars().anyMatch((c) -> (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f));
	}

	/**
	 * A header value as Tomcat hands it over: without leading and trailing SP or HTAB.
	 */
	private static String trimWhitespace(String value) {
		int start = 0;
		int end = value.length();
		while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
			start++;
		}
		while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
			end--;
		}
		return value.substring(start, end);
	}

	private static boolean isHex(char c) {
		return Character.digit(c, 16) >= 0 && c < 0x80;
	}

	/**
	 * The error codes of the contract's table, each with the statuses it travels with.
	 */
	static final Map<String, Set<Integer>> ERROR_CODES = Map.ofEntries(Map.entry("CSMS.0002", Set.of(400)),
			Map.entry("CSMS.0003", Set.of(400, 405, 413, 431)), Map.entry("CSMS.0004", Set.of(400)),
			Map.entry("CSMS.0105", Set.of(400)), Map.entry("CSMS.0203", Set.of(400)),
			Map.entry("APIGW.0301", Set.of(401)), Map.entry("APIGW.0307", Set.of(401)),
			Map.entry("CSMS.0302", Set.of(403)), Map.entry("CSMS.0109", Set.of(403)),
			Map.entry("CSMS.0106", Set.of(404)), Map.entry("CSMS.0005", Set.of(404)),
			Map.entry("APIGW.0101", Set.of(404)), Map.entry("CSMS.0500", Set.of(500)),
			Map.entry("CSMS.0502", Set.of(502)), Map.entry("CSMS.0504", Set.of(504)));

	/**
	 * Who a token belongs to.
	 *
	 * @param projectId the project it is scoped to
	 * @param expired whether it has expired
	 */
	record Identity(String projectId, boolean expired) {

	}

	/**
	 * A stage as stored.
	 *
	 * @param versionId the version it points at
	 * @param updateTime when it was last set, in epoch milliseconds
	 */
	record Stored(String versionId, long updateTime) {

	}

	/**
	 * A stage found.
	 *
	 * @param name the stage's name
	 * @param secretName the secret's name
	 * @param stored the stage
	 */
	record Found(String name, String secretName, Stored stored) {

	}

	/**
	 * The expected answer: an error of the contract, or a stage.
	 *
	 * @param status the status
	 * @param errorCode the error code, for an error
	 * @param errorMsg the message, for an error
	 * @param found the stage, for a 200
	 */
	record Expected(int status, @Nullable String errorCode, @Nullable String errorMsg, @Nullable Found found) {

		static Expected error(int status, String errorCode, String errorMsg) {
			return new Expected(status, errorCode, errorMsg, null);
		}

		/** A short label, for jqwik's statistics of what the generated requests hit. */
		String label() {
			return (this.errorCode != null) ? this.status + " " + this.errorCode : String.valueOf(this.status);
		}

	}

}
