package dev.berth.platform.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.platform.Environments;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Element;

/**
 * Each shipped environment's SVG as a browser shows it: headless Chromium renders it into target/diagrams/LABEL.png,
 * which must be the drawing's size and show something. The pictures stay there for a person to look at.
 */
class DiagramScreenshotTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DIAGRAMS = Path.of("target/diagrams");

    @TestFactory
    List<DynamicTest> chromiumRendersEachDiagram() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM + ": the diagrams are not rendered"
                + " (CI installs it; apt-get install chromium here)");
        Files.createDirectories(DIAGRAMS);
        return Environments.shipped().stream().map(labelled -> DynamicTest.dynamicTest(labelled.label(), () -> {
            var environment = labelled.environment();
            DiagramFiles.write(environment.model(), environment.assembly(), environment.outdir(), false);
            String name = labelled.label().replace(' ', '-');
            Path svg = DIAGRAMS.resolve(name + ".svg").toAbsolutePath();
            Files.copy(environment.outdir().resolve(DiagramFiles.SVG), svg, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Element root = DiagramTest.parse(Files.readString(svg)).getDocumentElement();
            int width = (int) Math.ceil(Double.parseDouble(root.getAttribute("width")));
            int height = (int) Math.ceil(Double.parseDouble(root.getAttribute("height")));
            Path png = DIAGRAMS.resolve(name + ".png").toAbsolutePath();
            Files.deleteIfExists(png);

            render(svg, png, width, height);

            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as(png.toString()).isNotNull();
            assertThat(image.getWidth()).isEqualTo(width);
            assertThat(image.getHeight()).isEqualTo(height);
            assertThat(colours(image)).as("distinct colours in " + png).isGreaterThan(8);
        })).toList();
    }

    private static void render(Path svg, Path png, int width, int height) throws IOException, InterruptedException {
        Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--screenshot=" + png, "--window-size=" + width + "," + height, svg.toUri().toString())
                .redirectErrorStream(true).redirectOutput(DIAGRAMS.resolve("chromium.log").toFile()).start();
        if (!chromium.waitFor(120, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
            throw new AssertionError("Chromium took over two minutes to render " + svg);
        }
        assertThat(chromium.exitValue()).as("Chromium's exit code; its output is in " + DIAGRAMS.resolve("chromium.log")).isZero();
        assertThat(png).exists();
    }

    /** How many colours the picture has, counted up to a few: a blank or failed render has one. */
    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight() && seen.size() <= 8; y += 3) {
            for (int x = 0; x < image.getWidth() && seen.size() <= 8; x += 3) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
