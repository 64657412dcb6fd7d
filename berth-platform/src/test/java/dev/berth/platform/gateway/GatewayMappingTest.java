package dev.berth.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.BerthYaml;
import dev.berth.model.EnvironmentModel;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The multi-service example's gateway: Kong's configuration made from its services passes Kong 3.9's schema. */
class GatewayMappingTest {

    static EnvironmentModel prod;

    @BeforeAll
    static void load() throws Exception {
        KongSchemaTest.load();
        Path example = Path.of(System.getProperty("berth.repositoryRoot", "..")).resolve("examples/multi-service/berth.yaml");
        prod = BerthYaml.load(example).environment("prod").orElseThrow();
    }

    @Test
    void theExamplesConfigurationPassesKongsSchemaWithItsRoutesInTheListenersOrder() {
        KongConfiguration kong = GatewayMapping.configuration(prod, KongSchemaTest.ALB, KongSchemaTest.REDIS);
        assertThat(KongSchemaTest.problems(kong.toJson())).isEmpty();
        assertThat(GatewayMapping.routes(prod)).extracting(KongConfiguration.Route::service).containsExactly("api", "web");
        assertThat(kong.toJson()).contains("\"policy\": \"redis\"").contains(KongSchemaTest.REDIS)
                .doesNotContain("ledger");
    }
}
