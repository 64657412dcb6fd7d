package dev.berth.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.EnvironmentModel;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules the layout is built on: constructs know nothing of berth.yaml (only the mappings and layers read the
 * model), and nothing in the model or the platform takes more than six arguments in a row.
 */
class ArchitectureTest {

    static final Path SOURCES = Path.of("src/main/java/dev/berth/platform");

    @Test
    void constructsImportNeitherTheModelNorTheConfig() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = file.getFileName().toString();
                // The diagram and the cost estimate build no construct: they read the model beside what the constructs made.
                boolean mayReadTheModel = name.endsWith("Mapping.java") || name.endsWith("Layer.java")
                        || file.getParent().endsWith("layer") || file.getParent().equals(SOURCES)
                        || file.getParent().endsWith("diagram") || file.getParent().endsWith("cost");
                String source = Files.readString(file);
                if (!mayReadTheModel && (source.contains("import dev.berth.model.") || source.contains("import dev.berth.config."))) {
                    offenders.add(SOURCES.relativize(file).toString());
                }
            }
        }
        assertThat(offenders).as("constructs that import the model or the config").isEmpty();
    }

    /**
     * Map.of's iteration order changes from one JVM to the next. A map of two or more entries that reaches a template
     * (IAM conditions, metric math, a custom resource's call) would make two plans of the same berth.yaml differ, and
     * CloudFormation update resources for nothing: such maps are sorted (a TreeMap) or built in order.
     */
    @Test
    void noUnorderedMapOfSeveralEntriesReachesATemplate() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                for (int at = source.indexOf("Map.of("); at >= 0; at = source.indexOf("Map.of(", at + 1)) {
                    boolean sorted = source.startsWith("new TreeMap<>(", at - "new TreeMap<>(".length());
                    boolean constant = source.lastIndexOf("static final", at) > source.lastIndexOf(";", at);
                    if (!sorted && !constant && topLevelArguments(source, at + "Map.of(".length()) > 2) {
                        offenders.add(SOURCES.relativize(file) + ":" + (source.substring(0, at).lines().count() + 1));
                    }
                }
            }
        }
        assertThat(offenders).as("Map.of with several entries, in no stable order").isEmpty();
    }

    /** How many arguments a call has, from just after its opening parenthesis (strings and nesting skipped). */
    private static int topLevelArguments(String source, int from) {
        int depth = 1;
        int arguments = 1;
        for (int i = from; depth > 0; i++) {
            char c = source.charAt(i);
            if (c == '"') {
                for (i++; source.charAt(i) != '"'; i++) {
                    if (source.charAt(i) == '\\') {
                        i++;
                    }
                }
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 1) {
                arguments++;
            }
        }
        return arguments;
    }

    @Test
    void noRecordOrConstructorTakesMoreThanSixArguments() throws Exception {
        List<String> offenders = new ArrayList<>();
        for (Class<?> type : classes(Layer.class, EnvironmentModel.class)) {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (constructor.getParameterCount() > 6 && !constructor.isSynthetic()) {
                    offenders.add(type.getName() + " takes " + constructor.getParameterCount());
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    /** Every class of the modules the given classes come from (their classes directory or jar). */
    static List<Class<?>> classes(Class<?>... anchors) throws IOException, URISyntaxException, ClassNotFoundException {
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> anchor : anchors) {
            Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = Files.isDirectory(location) ? location : FileSystems.newFileSystem(location).getPath("/");
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String name = root.relativize(file).toString().replace(".class", "").replace('/', '.');
                    if (name.startsWith("dev.berth.")) {
                        classes.add(Class.forName(name, false, anchor.getClassLoader()));
                    }
                }
            }
        }
        return classes;
    }
}
