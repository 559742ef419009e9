package io.secretstage.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@link SealContextMigration#CHECKSUM}, Flyway's checksum of the Java
 * migration, is the CRC32 of the migration as it was released: an edit of the file fails
 * here.
 */
class SealContextChecksumTests {

	@Test
	void theChecksumIsTheReleasedMigrationsCrc32() throws IOException {
		String source = Files.readString(Path.of("src/main/java/io/secretstage/secret/SealContextMigration.java"));
		CRC32 crc = new CRC32();
		crc.update(source.lines()
			.filter((line) -> !line.contains("static final int CHECKSUM ="))
			.collect(Collectors.joining("\n"))
			.getBytes(StandardCharsets.UTF_8));

		assertThat(SealContextMigration.CHECKSUM).as("a released migration is never edited: add the next one")
			.isEqualTo((int) crc.getValue());
	}

}
