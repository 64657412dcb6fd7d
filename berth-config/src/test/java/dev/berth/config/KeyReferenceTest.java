package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/berth-yaml.md carries the key reference generated from the declarations; this fails when they disagree.
 * {@code scripts/verify -Dberth.updateDocs=true} (or this module's test with it) rewrites the table.
 */
class KeyReferenceTest {

    static final Path DOC = Path.of(System.getProperty("berth.repositoryRoot", "..")).resolve("docs").resolve("berth-yaml.md");

    @Test
    void theDocumentedReferenceIsTheGeneratedOne() throws IOException {
        String doc = Files.readString(DOC);
        int begin = doc.indexOf(KeyReference.BEGIN);
        int end = doc.indexOf(KeyReference.END);
        assertThat(begin).as("%s has the markers %s ... %s", DOC, KeyReference.BEGIN, KeyReference.END).isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String generated = KeyReference.markdown();
        String documented = doc.substring(begin + KeyReference.BEGIN.length() + 1, end);
        if (Boolean.getBoolean("berth.updateDocs") && !documented.equals(generated)) {
            Files.writeString(DOC, doc.substring(0, begin + KeyReference.BEGIN.length() + 1) + generated + doc.substring(end));
            documented = generated;
        }
        assertThat(documented).as("docs/berth-yaml.md is out of date; run scripts/verify -Dberth.updateDocs=true").isEqualTo(generated);
    }

    @Test
    void everyKeyIsDocumentedWithItsDefaultFromTheData() {
        String table = KeyReference.markdown();
        assertThat(table)
                .contains("| `environments.NAME.nat` | none, single, per-az | dev: single, prod: per-az |")
                .contains("| `services[].port` | 1–65535 | 8080 |")
                .contains("| `services[].scaling.cpu` | 10–90 | 60 |")
                .contains("| `database.max_storage_gb` | 20–65536, ≥ storage_gb | max(100, storage_gb) |")
                .contains("| `environments.NAME.services.SERVICE.size` |")
                .doesNotContain("@");
    }
}
