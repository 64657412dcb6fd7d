package dev.berth.platform.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.platform.network.AclEntries.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How flows become stateless ACL entries: the port one way, the replies' ephemeral ports the other, NAT's detour. */
class AclEntriesTest {

    static final Map<SubnetTier, List<String>> TIERS = Map.of(
            SubnetTier.PUBLIC, List.of("10.0.0.0/20", "10.0.16.0/20"),
            SubnetTier.COMPUTE, List.of("10.0.32.0/20", "10.0.48.0/20"),
            SubnetTier.DATA, List.of("10.0.64.0/20", "10.0.80.0/20"));
    static final Zone LB = Zone.publicGroup("Lb", SubnetTier.PUBLIC, "lb", "test");
    static final Zone TASKS = Zone.group("Tasks", SubnetTier.COMPUTE, "tasks");
    static final Zone DB = Zone.group("Db", SubnetTier.DATA, "db");

    static Map<SubnetTier, AclEntries.TierEntries> entries(boolean nat, Flow... flows) {
        return AclEntries.of(new TrafficGraph(List.of(flows)), TIERS, "10.0.0.0/16", nat);
    }

    static Entry port(String cidr, int port) {
        return new Entry(cidr, Flow.Protocol.TCP, port, port);
    }

    static Entry replies(String cidr) {
        return new Entry(cidr, Flow.Protocol.TCP, 1024, 65535);
    }

    @Test
    void betweenTwoTiersEachSubnetRangeOneWayAndTheRepliesBack() {
        var acl = entries(false, Flow.tcp(TASKS, DB, 5432, "query"));
        assertThat(acl.get(SubnetTier.DATA).inbound()).containsExactly(port("10.0.32.0/20", 5432), port("10.0.48.0/20", 5432));
        assertThat(acl.get(SubnetTier.DATA).outbound()).containsExactly(replies("10.0.32.0/20"), replies("10.0.48.0/20"));
        assertThat(acl.get(SubnetTier.COMPUTE).outbound()).containsExactly(port("10.0.64.0/20", 5432), port("10.0.80.0/20", 5432));
        assertThat(acl.get(SubnetTier.COMPUTE).inbound()).containsExactly(replies("10.0.64.0/20"), replies("10.0.80.0/20"));
        assertThat(acl.get(SubnetTier.PUBLIC).inbound()).isEmpty();
    }

    @Test
    void fromTheInternetOnlyTheFlowsPorts() {
        var acl = entries(true, Flow.tcp(Zone.INTERNET, LB, 443, "https"));
        assertThat(acl.get(SubnetTier.PUBLIC).inbound()).containsExactly(port("0.0.0.0/0", 443));
        assertThat(acl.get(SubnetTier.PUBLIC).outbound()).containsExactly(replies("0.0.0.0/0"));
    }

    @Test
    void toTheInternetThroughNatCrossesThePublicTierToo() {
        var acl = entries(true, Flow.tcp(TASKS, Zone.INTERNET, 443, "out"));
        assertThat(acl.get(SubnetTier.COMPUTE).outbound()).containsExactly(port("0.0.0.0/0", 443));
        assertThat(acl.get(SubnetTier.COMPUTE).inbound()).containsExactly(replies("0.0.0.0/0"));
        assertThat(acl.get(SubnetTier.PUBLIC).inbound())
                .containsExactly(port("10.0.32.0/20", 443), port("10.0.48.0/20", 443), replies("0.0.0.0/0"));
        assertThat(acl.get(SubnetTier.PUBLIC).outbound()).containsExactly(replies("10.0.32.0/20"), replies("10.0.48.0/20"),
                port("0.0.0.0/0", 443));
    }

    @Test
    void withoutNatThePublicTierCarriesNothingOut() {
        var acl = entries(false, Flow.tcp(TASKS, Zone.INTERNET, 443, "out"));
        assertThat(acl.get(SubnetTier.PUBLIC).inbound()).isEmpty();
        assertThat(acl.get(SubnetTier.PUBLIC).outbound()).isEmpty();
        // S3 (ECR's layers) through the gateway endpoint has public addresses: the route table, not the ACL, limits it.
        assertThat(acl.get(SubnetTier.COMPUTE).outbound()).containsExactly(port("0.0.0.0/0", 443));
    }

    @Test
    void fromTheVpcTheVpcsRange() {
        var acl = entries(false, Network.ENDPOINT_ACCESS);
        assertThat(acl.get(SubnetTier.COMPUTE).inbound()).containsExactly(port("10.0.0.0/16", 443));
        assertThat(acl.get(SubnetTier.COMPUTE).outbound()).containsExactly(replies("10.0.0.0/16"));
    }

    @Test
    void anEntryForAnywhereCoversNarrowerOnesOnTheSamePorts() {
        var acl = entries(true, Flow.tcp(LB, TASKS, 8080, "forward"), Flow.tcp(Zone.INTERNET, LB, 80, "http"));
        assertThat(acl.get(SubnetTier.PUBLIC).outbound()).containsExactly(port("10.0.32.0/20", 8080), port("10.0.48.0/20", 8080),
                replies("0.0.0.0/0"));
    }

    @Test
    void tooManyEntriesForOneAclIsSaidPlainly() {
        List<Flow> flows = new ArrayList<>();
        for (int port = 8000; port < 8011; port++) {
            flows.add(Flow.tcp(LB, TASKS, port, "forward"));
        }
        assertThatThrownBy(() -> entries(false, flows.toArray(Flow[]::new)))
                .hasMessageContaining("network ACL needs more than 20 entries");
    }
}
