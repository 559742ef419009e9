package io.secretstage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the configuration reference in {@code docs/configuration.md}.
 * <p>
 * Its table of the service's own properties ({@code csms.*}) is rendered from the
 * metadata that {@code spring-boot-configuration-processor} writes at every build, so the
 * document cannot drift from the code: a property added, renamed or described anew fails
 * this test until the block is written again with
 * {@code ./mvnw test -Dtest=ConfigurationReferenceTests -Dconfiguration-reference.write=true}.
 */
class ConfigurationReferenceTests {

	private static final Path DOCUMENT = Path.of("docs", "configuration.md");

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private static final String PREFIX = "csms.";

	private static final String BEGIN = "<!-- generated from the configuration metadata: begin -->";

	private static final String END = "<!-- generated from the configuration metadata: end -->";

	private static final String WRITE = "configuration-reference.write";

	private static final Pattern JAVADOC_TAG = Pattern.compile("\\{@(?:code|link|literal) ([^}]*)}");

	private static final Pattern QUALIFIED_NAME = Pattern.compile("[\\w.$]+");

	@Test
	@DisabledIfSystemProperty(named = WRITE, matches = "true")
	void docsConfigurationMatchesTheMetadata() throws IOException {
		String document = Files.readString(DOCUMENT);

		assertThat(generatedBlock(document))
			.as("%s between its markers (write it again with -D%s=true)", DOCUMENT, WRITE)
			.isEqualTo(reference(properties()));
	}

	@Test
	@EnabledIfSystemProperty(named = WRITE, matches = "true")
	void docsConfigurationIsWrittenFromTheMetadata() throws IOException {
		String reference = reference(properties());

		Files.writeString(DOCUMENT, withGeneratedBlock(Files.readString(DOCUMENT), reference));

		assertThat(generatedBlock(Files.readString(DOCUMENT))).isEqualTo(reference);
	}

	@Test
	void everyPropertyOfTheServiceIsDescribed() throws IOException {
		List<Property> properties = properties();

		assertThat(properties).isNotEmpty();
		assertThat(properties).allSatisfy((property) -> assertThat(property.description())
			.as("the description of %s (the @param of its record component)", property.name())
			.isNotBlank());
	}

	/**
	 * The lines between the two markers of the document.
	 */
	private static String generatedBlock(String document) {
		return document.substring(blockBegin(document), blockEnd(document));
	}

	/**
	 * The document with the lines between its two markers replaced.
	 */
	private static String withGeneratedBlock(String document, String block) {
		return document.substring(0, blockBegin(document)) + block + document.substring(blockEnd(document));
	}

	/**
	 * Where the block begins: after the line of its first marker.
	 */
	private static int blockBegin(String document) {
		int marker = document.indexOf(BEGIN + "\n");
		assertThat(marker).as("%s on a line of its own in %s", BEGIN, DOCUMENT).isNotNegative();
		return marker + BEGIN.length() + 1;
	}

	/**
	 * Where the block ends: at its second marker.
	 */
	private static int blockEnd(String document) {
		int marker = document.indexOf(END, blockBegin(document));
		assertThat(marker).as("%s after %s in %s", END, BEGIN, DOCUMENT).isNotNegative();
		return marker;
	}

	/**
	 * Every {@code csms.*} property of the metadata on the class path (the service's
	 * classes hold them, the libraries' metadata none), sorted by name.
	 */
	private static List<Property> properties() throws IOException {
		Map<String, JsonNode> properties = new TreeMap<>();
		Map<String, List<String>> hints = new TreeMap<>();
		ClassLoader classLoader = ConfigurationReferenceTests.class.getClassLoader();
		for (URL metadata : Collections.list(classLoader.getResources(METADATA))) {
			try (InputStream in = metadata.openStream()) {
				JsonNode root = JsonMapper.shared().readTree(in);
				for (JsonNode property : root.path("properties")) {
					String name = property.path("name").asString();
					if (name.startsWith(PREFIX)) {
						properties.put(name, property);
					}
				}
				for (JsonNode hint : root.path("hints")) {
					List<String> values = new ArrayList<>();
					hint.path("values").forEach((value) -> values.add(value.path("value").asString()));
					hints.put(hint.path("name").asString(), values);
				}
			}
		}
		return properties.entrySet()
			.stream()
			.map((entry) -> new Property(entry.getKey(), entry.getValue().path("type").asString(""),
					entry.getValue().path("defaultValue"), entry.getValue().path("description").asString(""),
					hints.getOrDefault(entry.getKey(), List.of())))
			.toList();
	}

	/**
	 * The Markdown table of the properties, one row each, as it stands between the
	 * markers.
	 */
	private static String reference(List<Property> properties) {
		StringBuilder table = new StringBuilder();
		table.append("| property | type | default | description |\n");
		table.append("|---|---|---|---|\n");
		for (Property property : properties) {
			table.append("| `")
				.append(property.name())
				.append("` | `")
				.append(simpleName(property.type()))
				.append("` | ")
				.append(defaultValue(property.defaultValue()))
				.append(" | ")
				.append(description(property))
				.append(" |\n");
		}
		return table.toString();
	}

	/**
	 * The type with every qualified name in it cut to its simple name:
	 * {@code java.util.List<io.secretstage.crypto.CryptoProperties$MasterKey>} is
	 * {@code List<MasterKey>}.
	 */
	private static String simpleName(String type) {
		return QUALIFIED_NAME.matcher(type).replaceAll((name) -> Matcher.quoteReplacement(simpleNameOf(name.group())));
	}

	private static String simpleNameOf(String qualifiedName) {
		return qualifiedName.substring(Math.max(qualifiedName.lastIndexOf('.'), qualifiedName.lastIndexOf('$')) + 1);
	}

	private static String defaultValue(JsonNode value) {
		if (value.isMissingNode() || value.isNull()) {
			return "";
		}
		if (value.isArray()) {
			List<String> elements = new ArrayList<>();
			value.forEach((element) -> elements.add("`" + element.asString() + "`"));
			return (elements.isEmpty()) ? "empty" : String.join(", ", elements);
		}
		return "`" + value.asString() + "`";
	}

	/**
	 * The description on one line, Javadoc's inline tags as code, and the values its
	 * hints name, if any.
	 */
	private static String description(Property property) {
		String description = JAVADOC_TAG.matcher(property.description())
			.replaceAll((tag) -> Matcher.quoteReplacement("`" + tag.group(1) + "`"))
			.replaceAll("\\s+", " ")
			.trim();
		if (!property.values().isEmpty()) {
			description += " ("
					+ String.join(" or ", property.values().stream().map((value) -> "`" + value + "`").toList()) + ")";
		}
		return description.replace("|", "\\|");
	}

	/**
	 * A property as the metadata describes it.
	 *
	 * @param name its name
	 * @param type its type, fully qualified
	 * @param defaultValue its default, missing when it has none
	 * @param description its description, from the Javadoc of its record component
	 * @param values the values its hints name
	 */
	private record Property(String name, String type, JsonNode defaultValue, String description, List<String> values) {

	}

}
