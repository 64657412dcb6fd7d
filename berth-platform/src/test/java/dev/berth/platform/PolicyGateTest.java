package dev.berth.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.berth.config.BerthYaml;
import dev.berth.platform.policy.PolicyFinding;
import dev.berth.platform.policy.PolicyViolationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;

/** The policy gate over every environment Berth ships: the Notejam deployment and each example. */
class PolicyGateTest {

    @TestFactory
    List<DynamicTest> everyShippedEnvironmentPassesThePolicy() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        Path root = Synthesized.repositoryRoot();
        List<Path> files = new ArrayList<>(List.of(root.resolve("berth.yaml")));
        try (Stream<Path> examples = Files.list(root.resolve("examples"))) {
            examples.map(dir -> dir.resolve("berth.yaml")).filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);
        for (Path file : files) {
            String name = root.relativize(file.getParent()).toString().replace('/', '-');
            for (String environment : BerthYaml.load(file).environments().keySet()) {
                String label = (name.isEmpty() ? "shipped" : name) + " " + environment;
                tests.add(DynamicTest.dynamicTest(label, () -> {
                    Synthesized synthesized = Synthesized.of(name.isEmpty() ? "shipped" : name, file, environment);
                    assertThat(synthesized.app().path("Resources").size()).isPositive();
                }));
            }
        }
        return tests;
    }

    @Test
    void anUnacknowledgedFindingStopsSynthesis() {
        Path outdir = Synthesized.synthRoot().resolve("policy-negative");
        var config = BerthYaml.load(Synthesized.repositoryRoot().resolve("berth.yaml"));
        EnvironmentAssembly assembly = new EnvironmentAssembly(config, "dev", outdir);
        SecurityGroup open = SecurityGroup.Builder.create(assembly.foundation(), "Open")
                .vpc(assembly.foundation().getNetwork().getVpc()).build();
        open.addIngressRule(Peer.anyIpv4(), Port.tcp(22), "SSH from anywhere");

        PolicyViolationException e = catchThrowableOfType(PolicyViolationException.class, assembly::synthesize);

        assertThat(e).isNotNull();
        assertThat(e.findings()).extracting(PolicyFinding::rule, PolicyFinding::constructPath)
                .contains(org.assertj.core.groups.Tuple.tuple("AwsSolutions-EC23", "notejam-dev-foundation/Open/Resource"));
        assertThat(e.findings()).extracting(PolicyFinding::rule).doesNotContain("AwsSolutions-RDS11", "AwsSolutions-VPC3");
    }

    @Test
    void acknowledgmentsAreWrittenIntoTheTemplatesWithTheirReasons() {
        var metadata = Synthesized.shipped("dev").data().toString();
        assertThat(metadata).contains("cdk_nag").contains("AwsSolutions-RDS11")
                .contains("A non-default port hides nothing");
    }
}
