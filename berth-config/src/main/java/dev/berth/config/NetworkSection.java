package dev.berth.config;

import dev.berth.model.Cidr;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.NatMode;
import dev.berth.model.NetworkModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** The environment's VPC: its range, zones, NAT gateways and interface endpoints. */
final class NetworkSection implements Section {

    static final Key NAT = Key.defaulted("nat", "none, single, per-az", "profiles.nat",
            "NAT gateways: none (AWS services through endpoints only), one, or one per AZ");
    static final Key AZS = Key.defaulted("azs", "2, 3", "environment.azs", "availability zones");
    static final Key AVAILABILITY_ZONES = Key.of("availability_zones", "2 or 3 zone names of the region",
            "region + a, b (, c)", "which zones, where an account lacks those letters");
    static final Key CIDR = Key.defaulted("cidr", "private IPv4 /16–/24", "environment.cidr",
            "the VPC's range; must not overlap another environment of the same account");
    static final Key INTERFACE_ENDPOINTS = Key.of("interface_endpoints", "bool", "true exactly with nat: none",
            "ECR, Logs, Secrets Manager, SSM and KMS endpoints; must be true with nat: none");

    /** Where each environment's range was set (or its key, for the default): overlaps point there. */
    private final Map<String, Node> cidrNodes = new HashMap<>();

    @Override
    public List<Key> keys(Scope scope) {
        return scope == Scope.ENVIRONMENT ? List.of(NAT, AZS, AVAILABILITY_ZONES, CIDR, INTERFACE_ENDPOINTS) : List.of();
    }

    @Override
    public Optional<NetworkModel> read(EnvironmentReading environment) {
        Settings settings = environment.settings();
        YamlFields fields = environment.fields();
        Optional<NatMode> nat = fields.oneOf(settings.get(NAT.name()), settings.path(NAT.name()),
                YamlFields.byYamlName(NatMode.values(), NatMode::yamlName));
        List<String> zones = availabilityZones(settings, fields, environment.file().region);
        Optional<Integer> azs = fields.integer(settings.get(AZS.name()), settings.path(AZS.name()), 2, 3)
                .map(count -> !settings.isWritten(AZS.name()) && !zones.isEmpty() ? zones.size() : count);
        if (azs.isPresent() && !zones.isEmpty() && zones.size() != azs.get()) {
            fields.problem(settings.at(AVAILABILITY_ZONES.name()), settings.path(AVAILABILITY_ZONES.name()), "names "
                    + zones.size() + " zones but azs is " + azs.get() + "; give as many zones as azs, or leave azs out");
        }
        Optional<Cidr> cidr = vpcCidr(settings.get(CIDR.name()), settings.path(CIDR.name()), fields);
        boolean endpoints = fields.bool(settings.get(INTERFACE_ENDPOINTS.name()), settings.path(INTERFACE_ENDPOINTS.name()))
                .orElse(nat.orElse(null) == NatMode.NONE);
        if (nat.orElse(null) == NatMode.NONE && !endpoints) {
            fields.problem(settings.at(INTERFACE_ENDPOINTS.name()), settings.path(INTERFACE_ENDPOINTS.name()), "must be true"
                    + " with nat: none: without NAT, tasks reach ECR, CloudWatch Logs and Secrets Manager only through"
                    + " interface endpoints");
        }
        if (nat.isEmpty() || azs.isEmpty() || cidr.isEmpty()) {
            return Optional.empty();
        }
        String name = environment.naming().environment();
        cidrNodes.put(name, settings.isWritten(CIDR.name()) ? settings.written(CIDR.name()) : environment.key());
        List<String> resolved = zones.isEmpty() ? NetworkModel.defaultZones(environment.file().region, azs.get()) : zones;
        return Optional.of(new NetworkModel(cidr.get(), resolved, nat.get(), endpoints));
    }

    /** Explicit AZ names, each of the file's region, 2 or 3 of them, no repeats; empty when not given. */
    private static List<String> availabilityZones(Settings settings, YamlFields fields, String region) {
        Node node = settings.get(AVAILABILITY_ZONES.name());
        String path = settings.path(AVAILABILITY_ZONES.name());
        List<String> zones = new ArrayList<>();
        List<Node> items = fields.sequence(node, path);
        if (node != null && !YamlFields.isNull(node) && (items.size() < 2 || items.size() > 3)) {
            fields.problem(node, path, "expected 2 or 3 availability zones; got " + items.size());
            return List.of();
        }
        for (Node item : items) {
            fields.text(item, path).ifPresent(zone -> {
                if (!zone.matches(java.util.regex.Pattern.quote(region) + "[a-z]")) {
                    fields.problem(item, path, "expected a zone of " + region + " such as " + region + "a; got '" + zone + "'");
                } else if (zones.contains(zone)) {
                    fields.problem(item, path, "names " + zone + " twice");
                } else {
                    zones.add(zone);
                }
            });
        }
        return zones.size() == items.size() ? zones : List.of();
    }

    private static Optional<Cidr> vpcCidr(Node node, String path, YamlFields fields) {
        return fields.text(node, path).flatMap(text -> {
            String[] why = new String[1];
            Optional<Cidr> cidr = Cidr.parse(text, why);
            if (cidr.isEmpty()) {
                fields.problem(node, path, why[0]);
                return Optional.empty();
            }
            if (cidr.get().prefix() < 16 || cidr.get().prefix() > 24) {
                fields.problem(node, path, "expected a prefix from /16 to /24 (a VPC holds /16 to /28, and its"
                        + " nine subnets are 1/16 of it each); got /" + cidr.get().prefix());
                return Optional.empty();
            }
            if (!cidr.get().isPrivate()) {
                fields.problem(node, path, "expected a private range (10.0.0.0/8, 172.16.0.0/12 or"
                        + " 192.168.0.0/16); got '" + text + "'");
                return Optional.empty();
            }
            return cidr;
        });
    }

    /**
     * VPCs of one account must not overlap, or they can never be peered or routed together: an error when both
     * name the same account, a warning when one of them names none (they may still share one).
     */
    @Override
    public void checkAcross(List<EnvironmentModel> environments, FileReading file) {
        for (int i = 0; i < environments.size(); i++) {
            for (int j = i + 1; j < environments.size(); j++) {
                EnvironmentModel a = environments.get(i);
                EnvironmentModel b = environments.get(j);
                Cidr first = a.network().cidr();
                Cidr second = b.network().cidr();
                String accountA = a.naming().account();
                String accountB = b.naming().account();
                if (!first.overlaps(second) || (accountA != null && accountB != null && !accountA.equals(accountB))) {
                    continue;
                }
                String path = "environments." + b.name() + ".cidr";
                String overlap = "overlaps environments." + a.name() + ".cidr (" + first + " and " + second + ")";
                if (accountA != null && Objects.equals(accountA, accountB)) {
                    file.fields.problem(cidrNodes.get(b.name()), path, overlap + " in the same account " + accountA
                            + "; give each environment its own range");
                } else {
                    file.fields.warning(cidrNodes.get(b.name()), path, overlap + "; if both deploy to one account their"
                            + " VPCs can never be peered: give each its own range, or name each one's account");
                }
            }
        }
    }
}
