package dev.berth.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl reads the YAML as the objects Berth built, value for value. Offline: {@code kubectl label --local} decodes
 * each document with kubectl's own YAML reader (YAML 1.1, where a bare {@code y} is a boolean) and prints it back
 * with a label added, without an API server. (It checks no schema; {@link KubernetesSchemaTest} does.) Skipped where
 * kubectl is not installed.
 */
class KubectlTest {

    static final String READ_LABEL = "berth.dev/kubectl-read";
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    @TempDir
    Path directory;

    @Test
    void kubectlReadsTheObjectsBerthBuilt() throws Exception {
        KubernetesManifests manifests = Clusters.notejamManifests();
        List<Object> read = kubectlRead(manifests.yaml());
        List<Object> built = new ArrayList<>();
        for (Map<String, Object> object : manifests.objects()) {
            built.add(JSON.readValue(JSON.writeValueAsString(object), Object.class));
        }
        assertThat(read).hasSize(built.size());
        assertThat(read).isEqualTo(built);
    }

    /** Why the renderer quotes {@code y}: written bare, kubectl would give the pod the boolean true. */
    @Test
    void aBareYIsABooleanToKubectl() throws Exception {
        String bare = Clusters.notejamManifests().yaml().replace("value: \"y\"", "value: y");
        assertThat(JSON.writeValueAsString(kubectlRead(bare))).contains("{\"name\":\"CACHE_ENABLED\",\"value\":true}");
    }

    /** Each object as kubectl printed it, without the label it added. */
    @SuppressWarnings("unchecked")
    private List<Object> kubectlRead(String yaml) throws IOException, InterruptedException {
        Optional<Path> kubectl = onPath("kubectl");
        assumeTrue(kubectl.isPresent(), "kubectl is not installed: the YAML is not read by kubectl here");
        Path manifests = Files.writeString(directory.resolve("manifests.yaml"), yaml);
        Path output = directory.resolve("read.json");
        Process process = new ProcessBuilder(kubectl.get().toString(), "label", "--local", "-f", manifests.toString(), "-o", "json",
                READ_LABEL + "=true")
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(directory.resolve("errors.txt").toFile()))
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
        assertThat(process.exitValue()).as(Files.readString(directory.resolve("errors.txt"))).isZero();
        List<Object> objects = new ArrayList<>();
        try (var values = JSON.readerFor(Object.class).readValues(Files.readString(output, StandardCharsets.UTF_8))) {
            while (values.hasNext()) {
                Map<String, Object> object = (Map<String, Object>) values.next();
                ((Map<String, Object>) ((Map<String, Object>) object.get("metadata")).get("labels")).remove(READ_LABEL);
                objects.add(object);
            }
        }
        return objects;
    }

    private static Optional<Path> onPath(String command) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator)).map(entry -> Path.of(entry, command))
                .filter(Files::isExecutable).findFirst();
    }
}
