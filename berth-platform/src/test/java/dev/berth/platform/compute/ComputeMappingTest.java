package dev.berth.platform.compute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.Runtime;
import dev.berth.model.SizeTier;
import dev.berth.platform.Models;
import dev.berth.platform.edge.LoadBalancer;
import dev.berth.platform.network.Flow;
import dev.berth.platform.network.Zone;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;

/** How a service of the model becomes Fargate units, capacity providers and flows. */
class ComputeMappingTest {

    @Test
    void sizeTiersInFargateCpuUnits() {
        assertThat(ComputeMapping.fargateCpuUnits(SizeTier.MICRO)).isEqualTo(256);
        assertThat(ComputeMapping.fargateCpuUnits(SizeTier.SMALL)).isEqualTo(512);
        assertThat(ComputeMapping.fargateCpuUnits(SizeTier.MEDIUM)).isEqualTo(1024);
        assertThat(ComputeMapping.fargateCpuUnits(SizeTier.LARGE)).isEqualTo(2048);
    }

    @Test
    void fargateSpotOrAMixWhoseFirstTaskIsOnDemand() {
        assertThat(ComputeMapping.capacityProviders(Runtime.Fargate.SPOT, null)).extracting(CapacityProviderStrategy::getCapacityProvider)
                .containsExactly("FARGATE_SPOT");
        assertThat(ComputeMapping.capacityProviders(Runtime.Fargate.ON_DEMAND, null)).singleElement()
                .satisfies(strategy -> assertThat(strategy.getBase()).isEqualTo(0));
        var mix = ComputeMapping.capacityProviders(new Runtime.Fargate(1, 3), null);
        assertThat(mix).extracting(CapacityProviderStrategy::getCapacityProvider, CapacityProviderStrategy::getWeight,
                CapacityProviderStrategy::getBase).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("FARGATE", 1, 1),
                        org.assertj.core.groups.Tuple.tuple("FARGATE_SPOT", 3, null));
    }

    @Test
    void theLoadBalancerReachesEachRoutedServiceAndOnlyDeclaredCallsJoinServices() {
        var model = Models.of("""
                project: shop
                region: eu-central-1
                services:
                  - {name: web, image: {repository: web}, port: 3000}
                  - {name: api, image: {repository: api}, port: 8080, path: /api/*}
                  - {name: admin, image: {repository: admin}, port: 8080, path: /admin/*, calls: [ledger]}
                  - {name: ledger, image: {repository: ledger}, port: 9000, internal: true}
                environments: {dev: {}}
                """, "dev");
        Zone web = ComputeMapping.zone("web");
        Zone api = ComputeMapping.zone("api");
        Zone admin = ComputeMapping.zone("admin");
        Zone ledger = ComputeMapping.zone("ledger");
        assertThat(ComputeMapping.flows(model)).containsExactly(
                Flow.tcp(LoadBalancer.ZONE, web, 3000, "Load balancer to web"),
                Flow.tcp(LoadBalancer.ZONE, api, 8080, "Load balancer to api"),
                Flow.tcp(LoadBalancer.ZONE, admin, 8080, "Load balancer to admin"),
                Flow.tcp(web, Zone.INTERNET, 443, "web: HTTPS to AWS APIs and the internet"),
                Flow.tcp(api, Zone.INTERNET, 443, "api: HTTPS to AWS APIs and the internet"),
                Flow.tcp(admin, Zone.INTERNET, 443, "admin: HTTPS to AWS APIs and the internet"),
                Flow.tcp(ledger, Zone.INTERNET, 443, "ledger: HTTPS to AWS APIs and the internet"),
                Flow.tcp(admin, ledger, 9000, "admin calls ledger.shop.local"));
        assertThat(web.name()).isEqualTo("WebTasks");
    }
}
