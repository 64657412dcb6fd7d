package dev.berth.platform.diagram;

import dev.berth.model.EnvironmentModel;
import dev.berth.platform.EnvironmentAssembly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an environment's diagram beside its synthesized templates: {@value #SVG} (a self-contained picture),
 * {@value #MERMAID} (a Mermaid flowchart GitHub renders) and {@value #DRAWIO} (a draw.io file to open and edit). The
 * same environment gives the same bytes every time.
 */
public final class DiagramFiles {

    public static final String SVG = "diagram.svg";
    public static final String MERMAID = "diagram.mmd";
    public static final String DRAWIO = "diagram.drawio";

    private DiagramFiles() {
    }

    /**
     * Draws the environment after its synthesis, whose templates in the directory give the counts the model does not.
     *
     * @param directory where the assembly was synthesized: the templates are read and the diagrams written there
     * @param detail whether to draw the plumbing too (roles, log groups, functions, queues) and each flow's reason
     * @return the diagram drawn
     */
    public static Diagram write(EnvironmentModel model, EnvironmentAssembly assembly, Path directory, boolean detail) {
        Diagram diagram = Diagram.of(model, assembly.traffic(), Inventory.read(directory, assembly.stackNames()), detail);
        Layout layout = Layout.of(diagram);
        write(directory.resolve(SVG), SvgWriter.write(diagram, layout));
        write(directory.resolve(MERMAID), MermaidWriter.write(diagram));
        write(directory.resolve(DRAWIO), DrawioWriter.write(diagram, layout));
        return diagram;
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
