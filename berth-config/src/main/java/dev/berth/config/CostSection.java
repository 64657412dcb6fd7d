package dev.berth.config;

import dev.berth.model.CostAssumptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** What the cost estimate assumes about use: file-wide, overridable per environment, key by key. */
final class CostSection implements Section {

    private static final int MAX = 2_000_000_000;
    static final Key REQUESTS = Key.defaulted("requests_per_month", "0–2000000000", "cost.requests_per_month",
            "requests reaching the environment a month (load balancer, CloudFront, WAF)");
    static final Key DATA_OUT = Key.defaulted("data_out_gb", "GB, 0–" + MAX, "cost.data_out_gb", "GB a month sent to users");
    static final Key NAT = Key.defaulted("nat_gb", "GB, 0–" + MAX, "cost.nat_gb",
            "GB a month through the NAT gateways: image pulls, AWS APIs, calls out");
    static final Key LOGS = Key.defaulted("log_gb", "GB, 0–" + MAX, "cost.log_gb", "GB of logs written a month, all services");
    static final Key STORAGE = Key.defaulted("storage_gb", "GB, 0–" + MAX, "cost.storage_gb",
            "GB kept in each bucket and each image repository");
    static final Key ACTIVE = Key.defaulted("active_hours", "0–730", "cost.active_hours",
            "hours a month a service with idle_after is awake");
    static final Key RELEASES = Key.defaulted("release_minutes", "0–" + MAX, "cost.release_minutes",
            "build minutes a month of a CodePipeline release (CodeBuild, and as many action minutes)");
    private static final List<Key> KEYS = List.of(REQUESTS, DATA_OUT, NAT, LOGS, STORAGE, ACTIVE, RELEASES);
    static final Key COST = Key.of("cost", "mapping", "see its keys", "what berth plan's cost estimate assumes about use")
            .holding(KEYS.toArray(Key[]::new));
    static final Key ENVIRONMENT_COST = Key.of("cost", "mapping, as the top-level cost", "the top-level cost",
            "this environment's assumptions, key by key over the top-level ones").holding(KEYS.toArray(Key[]::new));

    private Settings.Level file;

    @Override
    public List<Key> keys(Scope scope) {
        return List.of(scope == Scope.FILE ? COST : ENVIRONMENT_COST);
    }

    @Override
    public void readFile(FileReading reading) {
        Node node = reading.top.get(COST.name());
        file = new Settings.Level(COST.name(), YamlFields.isNull(node) ? Map.of() : reading.fields.mapping(node, COST.name(), COST.childNames()));
    }

    @Override
    public Optional<CostAssumptions> read(EnvironmentReading environment) {
        YamlFields fields = environment.fields();
        Settings settings = environment.settings();
        List<Settings.Level> written = new ArrayList<>();
        Node own = settings.written(ENVIRONMENT_COST.name());
        if (own != null) {
            String path = settings.path(ENVIRONMENT_COST.name());
            written.add(new Settings.Level(path, fields.mapping(own, path, ENVIRONMENT_COST.childNames())));
        }
        written.add(file);
        Settings cost = new Settings(own != null ? own : environment.key(), written, List.of(Defaults.get().section(COST.name())));
        List<Optional<Integer>> values = KEYS.stream()
                .map(key -> fields.integer(cost.get(key.name()), cost.path(key.name()), 0, key == ACTIVE ? 730 : MAX)).toList();
        if (values.stream().anyMatch(Optional::isEmpty)) {
            return Optional.empty();
        }
        return Optional.of(new CostAssumptions(new CostAssumptions.Traffic(values.get(0).get(), values.get(1).get(), values.get(2).get()),
                values.get(3).get(), values.get(4).get(), values.get(5).get(), values.get(6).get()));
    }
}
