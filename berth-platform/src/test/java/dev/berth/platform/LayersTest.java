package dev.berth.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.model.EnvironmentModel;
import dev.berth.platform.layer.Application;
import dev.berth.platform.network.Flow;
import dev.berth.platform.network.SubnetTier;
import dev.berth.platform.network.Zone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ssm.StringParameter;

/**
 * The assembly as a list of layers: a new layer (here an alerts layer in us-east-1 with a flow of its own) is
 * added by listing it, reads the outputs of the layers before it, and changes none of them.
 */
class LayersTest {

    static final Zone PROBE = Zone.group("Probe", SubnetTier.COMPUTE, "Synthetic probe: calls the load balancer");

    /** What a later issue's layer looks like: its own stack, region, outputs read, flows added. */
    static final class AlertsLayer implements Layer {
        @Override
        public String name() {
            return "alerts";
        }

        @Override
        public boolean appliesTo(EnvironmentModel model) {
            return model.profile().equals("prod");
        }

        @Override
        public Placement placement(EnvironmentModel model) {
            return new Placement(model.naming().account(), "us-east-1");
        }

        @Override
        public List<Flow> flows(EnvironmentModel model) {
            return List.of(Flow.tcp(PROBE, dev.berth.platform.edge.LoadBalancer.ZONE, 443, "Probe to the load balancer"));
        }

        @Override
        public void build(Stack stack, EnvironmentModel model, LayerOutputs outputs) {
            Application application = outputs.get(Application.class);
            StringParameter.Builder.create(stack, "ServiceList")
                    .stringValue(String.join(",", application.services().keySet()))
                    .build();
            CfnOutput.Builder.create(stack, "Services").value(String.join(",", application.services().keySet())).build();
        }
    }

    static EnvironmentAssembly assemble(String environment, List<Layer> layers) {
        EnvironmentModel model = dev.berth.config.BerthYaml.load(Synthesized.repositoryRoot().resolve("berth.yaml"))
                .environment(environment).orElseThrow();
        return new EnvironmentAssembly(model, Synthesized.synthRoot().resolve("layers-" + environment), layers);
    }

    @Test
    void aNewLayerIsListedAndReadsTheOutputsBeforeIt() throws IOException {
        List<Layer> layers = new ArrayList<>(Layers.all());
        layers.add(new AlertsLayer());
        EnvironmentAssembly prod = assemble("prod", layers);

        assertThat(prod.stackNames()).containsExactly("berth-github-oidc", "notejam-prod-foundation",
                "notejam-prod-data", "notejam-prod-delivery", "notejam-prod-edge", "notejam-prod-app", "notejam-prod-operations",
                "notejam-prod-alerts");
        assertThat(prod.stack("alerts").getRegion()).isEqualTo("us-east-1");
        assertThat(prod.stack("app").getRegion()).isEqualTo("eu-central-1");
        assertThat(prod.traffic().groups()).contains(PROBE);
        assertThat(prod.outputs().get(dev.berth.platform.layer.Foundation.class).groups().group(PROBE)).isNotNull();

        prod.synthesize();
        Path alerts = Synthesized.synthRoot().resolve("layers-prod").resolve("notejam-prod-alerts.template.json");
        JsonNode template = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(alerts));
        assertThat(template.path("Outputs").path("Services").path("Value").asText()).isEqualTo("web");
        assertThat(Templates.resources(template, "AWS::SSM::Parameter")).hasSize(1);
    }

    @Test
    void aLayerThatDoesNotApplyHasNoStack() {
        List<Layer> layers = new ArrayList<>(Layers.all());
        layers.add(new AlertsLayer());
        EnvironmentAssembly dev = assemble("dev", layers);
        assertThat(dev.stackNames()).containsExactly("berth-github-oidc", "notejam-dev-foundation", "notejam-dev-data",
                "notejam-dev-delivery", "notejam-dev-edge", "notejam-dev-app", "notejam-dev-operations");
        assertThat(dev.traffic().groups()).doesNotContain(PROBE);
        assertThatThrownBy(() -> dev.stack("alerts")).hasMessageContaining("no layer 'alerts'");
    }

    @Test
    void aLayerReadingOutputsNoLayerBeforeItPublishedIsToldSo() {
        List<Layer> layers = new ArrayList<>(List.of(new AlertsLayer()));
        layers.addAll(Layers.all());
        assertThatThrownBy(() -> assemble("prod", layers))
                .hasMessageContaining("no layer before this one published Application");
    }
}
