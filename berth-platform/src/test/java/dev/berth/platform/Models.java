package dev.berth.platform;

import dev.berth.config.BerthYaml;
import dev.berth.model.EnvironmentModel;
import java.io.StringReader;
import java.nio.file.Path;

/** Environment models from berth.yaml text, for mapping tests that need no synthesis. */
public final class Models {

    private static final String BASE = """
            project: notejam
            region: eu-central-1
            services:
              - name: web
                image: {repository: notejam}
            environments:
              dev: {%s}
            """;

    private Models() {
    }

    /** The dev environment of a one-service file, with these settings in its environment mapping. */
    public static EnvironmentModel dev(String settings) {
        return of(BASE.formatted(settings), "dev");
    }

    public static EnvironmentModel of(String yaml, String environment) {
        return BerthYaml.parse(Path.of("berth.yaml"), new StringReader(yaml)).environment(environment).orElseThrow();
    }
}
