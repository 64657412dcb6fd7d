package dev.berth.config;

import dev.berth.model.CacheModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** The environment's Redis: on or off and its nodes (file-wide, overridable per environment), failover by profile. */
final class CacheSection implements Section {

    static final String REDIS = "redis";
    static final String NONE = "none";
    static final Key ENGINE = Key.of("engine", REDIS, REDIS, "the cache's engine: Redis 7 (ElastiCache)");
    static final Key NODE_TYPE = Key.defaulted("node_type", "ElastiCache node type", "cache.node_type", "each node's size");
    static final Key NODES = Key.of("nodes", "1–6", "2 with multi_az, else 1", "the primary and its replicas");
    static final Key CACHE = Key.of("cache", "redis, none, or {engine: redis, node_type: T, nodes: N}", "none",
            "Redis for the services that declare cache: TLS, an auth token, encrypted at rest; with multi_az a replica"
                    + " in another zone takes over").holding(ENGINE, NODE_TYPE, NODES);
    static final Key ENVIRONMENT_CACHE = Key.of("cache", "as the top-level cache", "the top-level cache",
            "this environment's cache, over the top-level one").holding(ENGINE, NODE_TYPE, NODES);

    /** Redis 7's newest line ElastiCache runs as the redis engine (Valkey is another engine). */
    static final String ENGINE_VERSION = "7.1";
    private static final Pattern NODE_TYPE_NAME = Pattern.compile("cache\\.[a-z][a-z0-9-]*\\.[a-z0-9]+");

    @Override
    public List<Key> keys(Scope scope) {
        return List.of(scope == Scope.FILE ? CACHE : ENVIRONMENT_CACHE);
    }

    @Override
    public void readFile(FileReading file) {
        if (file.top.containsKey(CACHE.name())) {
            cache(file, null, false);
        }
    }

    @Override
    public Optional<CacheModel> read(EnvironmentReading environment) {
        Settings settings = environment.settings();
        boolean multiAz = settings.get(DatabaseSection.MULTI_AZ.name()) instanceof ScalarNode value && value.getValue().equals("true");
        return cache(environment.file(), settings, multiAz);
    }

    /** Present when the environment's cache, else the file's, is Redis; every problem reported. */
    private static Optional<CacheModel> cache(FileReading file, Settings environment, boolean multiAz) {
        YamlFields fields = file.fields;
        List<Settings.Level> written = new ArrayList<>();
        Node chosen = null;
        String chosenPath = CACHE.name();
        if (environment != null && environment.isWritten(ENVIRONMENT_CACHE.name())) {
            chosen = environment.written(ENVIRONMENT_CACHE.name());
            chosenPath = environment.path(ENVIRONMENT_CACHE.name());
        } else if (file.top.get(CACHE.name()) != null && !YamlFields.isNull(file.top.get(CACHE.name()))) {
            chosen = file.top.get(CACHE.name());
        }
        if (chosen == null) {
            return Optional.empty();
        }
        if (chosen instanceof ScalarNode scalar) {
            Optional<Boolean> on = fields.oneOf(scalar, chosenPath, Map.of(REDIS, true, NONE, false));
            if (on.isEmpty() || !on.get()) {
                return Optional.empty();
            }
            written.add(new Settings.Level(chosenPath, Map.of()));
        } else {
            Map<String, Node> entries = fields.mapping(chosen, chosenPath, CACHE.childNames());
            if (entries.containsKey(ENGINE.name())) {
                fields.oneOf(entries.get(ENGINE.name()), YamlFields.join(chosenPath, ENGINE.name()), Map.of(REDIS, REDIS));
            }
            written.add(new Settings.Level(chosenPath, entries));
        }
        Settings settings = new Settings(chosen, written, List.of(Defaults.get().section("cache")));
        Optional<String> nodeType = fields.matching(settings.get(NODE_TYPE.name()), settings.path(NODE_TYPE.name()), NODE_TYPE_NAME,
                "an ElastiCache node type such as cache.t4g.micro");
        Optional<Integer> nodes = settings.isWritten(NODES.name())
                ? fields.integer(settings.get(NODES.name()), settings.path(NODES.name()), 1, 6) : Optional.of(multiAz ? 2 : 1);
        if (nodeType.isEmpty() || nodes.isEmpty()) {
            return Optional.empty();
        }
        if (multiAz && nodes.get() < 2) {
            fields.problem(settings.at(NODES.name()), settings.path(NODES.name()), "expected at least 2 with multi_az (a replica in"
                    + " another zone takes over when the primary fails); got 1");
            return Optional.empty();
        }
        return Optional.of(new CacheModel(ENGINE_VERSION, nodeType.get(), nodes.get(), multiAz));
    }
}
