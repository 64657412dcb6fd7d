package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.EnvironmentModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What deploy gives the CDK CLI for the images: the ECS services' tags as stack parameters, the cluster's none. */
class DeployCommandTest {

    @Test
    void onlyTheServicesOnEcsHaveAnImageTagParameterTheClustersTagsGoToTheirManifests() {
        EnvironmentModel dev = ClusterRolloutTest.model("dev");
        // Given in another order than the file's: the tags come back in the file's, and no repository is asked.
        Map<String, String> given = new LinkedHashMap<>();
        given.put("reports", "3.1.0");
        given.put("api", "2.0.0");
        given.put("web", "1.4.2");

        Map<String, String> tags = DeployCommand.imageTags(dev, given);

        assertThat(tags).containsExactly(Map.entry("web", "1.4.2"), Map.entry("api", "2.0.0"), Map.entry("reports", "3.1.0"));
        assertThat(DeployCommand.imageTagParameters(dev, tags)).isEqualTo(List.of("--parameters", "shop-dev-app:ReportsImageTag=3.1.0"));
    }
}
