package dev.berth.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every node bootstrap script passes shellcheck at its strictest (style) as it is, with bash as the shell: all of them
 * in one run (the way they source each other), and each alone following its source line. The container test's
 * stand-ins too. CI installs shellcheck; without it the test is skipped, saying so.
 */
class NodeBootstrapShellcheckTest {

    static final Path STAND_INS = Path.of("src/test/resources/dev/berth/platform/kubernetes/stand-ins");

    @BeforeAll
    static void shellcheckIsInstalled() {
        boolean found = Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "shellcheck")));
        assumeTrue(found, "shellcheck is not installed (apt-get install shellcheck): the bootstrap scripts were not"
                + " checked");
    }

    @Test
    void theBundlePassesShellcheckTogether() throws Exception {
        List<String> command = new ArrayList<>(List.of("shellcheck", "--shell=bash", "--severity=style"));
        NodeBootstrap.SCRIPT_FILES.forEach(name -> command.add(name));
        assertClean(NodeBootstrapTest.RESOURCES, command);
    }

    @Test
    void eachScriptPassesShellcheckAloneFollowingWhatItSources() throws Exception {
        for (String name : NodeBootstrap.SCRIPT_FILES) {
            assertClean(NodeBootstrapTest.RESOURCES, List.of("shellcheck", "--shell=bash", "--severity=style",
                    "--external-sources", name));
        }
    }

    @Test
    void theStandInsPassShellcheck() throws Exception {
        List<String> command = new ArrayList<>(List.of("shellcheck", "--shell=bash", "--severity=style"));
        try (Stream<Path> files = Files.list(STAND_INS.resolve("bin"))) {
            files.sorted().forEach(file -> command.add(STAND_INS.relativize(file).toString()));
        }
        command.add("stand-in.sh");
        assertThat(command).hasSizeGreaterThan(5);
        assertClean(STAND_INS, command);
    }

    static void assertClean(Path dir, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("shellcheck finished").isTrue();
        assertThat(output).as(String.join(" ", command)).isEmpty();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    }
}
