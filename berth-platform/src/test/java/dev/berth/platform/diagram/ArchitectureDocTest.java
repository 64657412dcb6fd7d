package dev.berth.platform.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.platform.Synthesized;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md's diagram is the one berth plan draws for the shipped dev environment, so the docs cannot drift
 * from what is deployed. {@code scripts/verify -Dberth.updateDocs=true} writes it anew.
 */
class ArchitectureDocTest {

    static final String START = "<!-- generated: berth plan dev's diagram.mmd (ArchitectureDocTest keeps it current) -->";
    static final String END = "<!-- end of the generated diagram -->";

    @Test
    void theDocumentedDiagramIsTheOneBerthDrawsForTheShippedDevEnvironment() throws Exception {
        Synthesized dev = Synthesized.shipped("dev");
        DiagramFiles.write(dev.model(), dev.assembly(), dev.outdir(), false);
        String generated = START + "\n```mermaid\n" + Files.readString(dev.outdir().resolve(DiagramFiles.MERMAID)).strip() + "\n```\n" + END;
        Path doc = Synthesized.repositoryRoot().resolve("docs").resolve("architecture.md");
        String text = Files.readString(doc);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        assertThat(start).as("docs/architecture.md marks its generated diagram with " + START).isNotNegative();
        String documented = text.substring(start, end + END.length());
        if (Boolean.getBoolean("berth.updateDocs")) {
            Files.writeString(doc, text.replace(documented, generated));
            return;
        }
        assertThat(documented).as("docs/architecture.md's diagram is out of date; run scripts/verify -Dberth.updateDocs=true")
                .isEqualTo(generated);
    }
}
