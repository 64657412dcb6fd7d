package dev.berth.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.platform.cost.CostEstimate;
import dev.berth.platform.cost.CostEstimator;
import dev.berth.platform.diagram.Diagram;
import dev.berth.platform.diagram.DiagramFiles;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every environment Berth ships, priced whole: nothing it deploys goes unpriced, and the profiles differ as they should. */
class CostOfEveryEnvironmentTest {

    static CostEstimate estimate(Synthesized environment) {
        List<CostEstimator.Stack> stacks = environment.assembly().layers().stream().map(layer -> new CostEstimator.Stack(
                environment.assembly().stack(layer).getStackName(), environment.assembly().stack(layer).getRegion(),
                environment.template(layer))).toList();
        return CostEstimator.estimate(environment.model(), stacks);
    }

    @TestFactory
    Stream<DynamicTest> everyResourceOfEveryShippedEnvironmentIsPriced() {
        return Environments.shippedAndWithoutNat().stream().map(labelled -> DynamicTest.dynamicTest(labelled.label(), () -> {
            CostEstimate estimate = estimate(labelled.environment());
            assertThat(estimate.unpriced()).as(labelled.label()).isEmpty();
            assertThat(estimate.total().signum()).isPositive();
            assertThat(estimate.markdown()).contains("| **total** |");
            // The diagram draws every group the estimate prices.
            Diagram diagram = DiagramFiles.write(labelled.environment().model(), labelled.environment().assembly(),
                    labelled.environment().outdir(), false);
            assertThat(diagram.nodeGroups()).as(labelled.label())
                    .containsAll(estimate.lines().stream().map(CostEstimate.Line::group).distinct().toList());
        }));
    }

    @Test
    void prodCostsMoreThanDevWhereItsProfileSaysSo() {
        CostEstimate dev = estimate(Synthesized.shipped("dev"));
        CostEstimate prod = estimate(Synthesized.shipped("prod"));
        // NAT gateway per zone, a Multi-AZ database awake all month, the service on on-demand Fargate all month.
        assertThat(prod.total("network")).isGreaterThan(dev.total("network"));
        assertThat(prod.total("database")).isGreaterThan(dev.total("database").multiply(java.math.BigDecimal.valueOf(3)));
        assertThat(prod.total("web")).isGreaterThan(dev.total("web"));
        assertThat(dev.lines()).anyMatch(line -> line.resource().startsWith("Fargate Spot"));
        assertThat(prod.lines()).noneMatch(line -> line.resource().startsWith("Fargate Spot"));
    }
}
