package dev.berth.config;

import dev.berth.model.EnvironmentModel;
import dev.berth.model.GatewayModel;
import dev.berth.model.NatMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** The environment's gateway: Kong or none (file-wide, overridable per environment). */
final class GatewaySection implements Section {

    static final String KONG = "kong";
    static final String NONE = "none";
    static final Key TYPE = Key.of("type", KONG, KONG, "the gateway: Kong Gateway 3.9 (open source), DB-less");
    static final Key REQUESTS_PER_MINUTE = Key.of("requests_per_minute", "1–1000000", "3000",
            "Kong's rate limit per client address and minute, counted in the cache when there is one");
    static final Key GATEWAY = Key.of("gateway", "kong, none, or {type: kong, requests_per_minute: N}", "none",
            "Kong in front of the services: the load balancer's 443 forwards to it, it reaches each service through the"
                    + " internal 8443 listener by host name; needs a domain").holding(TYPE, REQUESTS_PER_MINUTE);
    static final Key ENVIRONMENT_GATEWAY = Key.of("gateway", "as the top-level gateway", "the top-level gateway",
            "this environment's gateway, over the top-level one").holding(TYPE, REQUESTS_PER_MINUTE);
    static final int DEFAULT_REQUESTS_PER_MINUTE = 3000;

    @Override
    public List<Key> keys(Scope scope) {
        return List.of(scope == Scope.FILE ? GATEWAY : ENVIRONMENT_GATEWAY);
    }

    @Override
    public void readFile(FileReading file) {
        if (file.top.containsKey(GATEWAY.name())) {
            gateway(file, null);
        }
    }

    @Override
    public Optional<GatewayModel> read(EnvironmentReading environment) {
        return gateway(environment.file(), environment.settings());
    }

    private static Optional<GatewayModel> gateway(FileReading file, Settings environment) {
        YamlFields fields = file.fields;
        Node chosen = null;
        String path = GATEWAY.name();
        if (environment != null && environment.isWritten(ENVIRONMENT_GATEWAY.name())) {
            chosen = environment.written(ENVIRONMENT_GATEWAY.name());
            path = environment.path(ENVIRONMENT_GATEWAY.name());
        } else if (file.top.get(GATEWAY.name()) != null && !YamlFields.isNull(file.top.get(GATEWAY.name()))) {
            chosen = file.top.get(GATEWAY.name());
        }
        if (chosen == null) {
            return Optional.empty();
        }
        if (chosen instanceof ScalarNode scalar) {
            return fields.oneOf(scalar, path, Map.of(KONG, true, NONE, false))
                    .filter(on -> on).map(on -> new GatewayModel(DEFAULT_REQUESTS_PER_MINUTE));
        }
        Map<String, Node> entries = fields.mapping(chosen, path, GATEWAY.childNames());
        List<Settings.Level> written = new ArrayList<>();
        written.add(new Settings.Level(path, entries));
        if (entries.containsKey(TYPE.name()) && fields.oneOf(entries.get(TYPE.name()), YamlFields.join(path, TYPE.name()),
                Map.of(KONG, KONG)).isEmpty()) {
            return Optional.empty();
        }
        Optional<Integer> limit = entries.containsKey(REQUESTS_PER_MINUTE.name())
                ? fields.integer(entries.get(REQUESTS_PER_MINUTE.name()), YamlFields.join(path, REQUESTS_PER_MINUTE.name()), 1, 1_000_000)
                : Optional.of(DEFAULT_REQUESTS_PER_MINUTE);
        return limit.map(GatewayModel::new);
    }

    /** The environment's own gateway key, or null. */
    private static Node environmentGateway(FileReading file, String environment) {
        if (file.top.get(Sections.ENVIRONMENTS.name()) instanceof MappingNode environments) {
            for (NodeTuple entry : environments.getValue()) {
                if (entry.getKeyNode() instanceof ScalarNode name && name.getValue().equals(environment)
                        && entry.getValueNode() instanceof MappingNode settings) {
                    for (NodeTuple setting : settings.getValue()) {
                        if (setting.getKeyNode() instanceof ScalarNode key && key.getValue().equals(GATEWAY.name())) {
                            return setting.getValueNode();
                        }
                    }
                }
            }
        }
        return null;
    }

    /** Kong needs the domain's certificate (its internal listener is HTTPS), a rolling deployment and a way to its image. */
    @Override
    public void checkAcross(List<EnvironmentModel> environments, FileReading file) {
        for (EnvironmentModel environment : environments) {
            if (environment.find(GatewayModel.class).isEmpty()) {
                continue;
            }
            Node written = environmentGateway(file, environment.name());
            Node where = written != null ? written : file.top.getOrDefault(GATEWAY.name(), file.root);
            String path = written != null ? Sections.ENVIRONMENTS.name() + "." + environment.name() + "." + GATEWAY.name() : GATEWAY.name();
            List<String> missing = new ArrayList<>();
            if (!environment.edge().https()) {
                missing.add("a domain (Kong reaches the services through the load balancer's HTTPS listener 8443, which"
                        + " serves the domain's certificate)");
            }
            if (environment.delivery().blueGreen()) {
                missing.add("deployment: rolling (blue-green releases take the listeners 8443 and 8080 for their tests)");
            }
            if (environment.services().named(KONG).isPresent()) {
                missing.add("a service of another name than kong (Kong's own ECS service is called so)");
            }
            if (environment.network().nat() == NatMode.NONE) {
                missing.add("a NAT gateway (Kong's image comes from ECR Public)");
            }
            if (!missing.isEmpty()) {
                file.fields.problem(where, path, "the environment " + environment.name() + " has gateway: kong but lacks "
                        + String.join("; ", missing));
            }
        }
    }
}
