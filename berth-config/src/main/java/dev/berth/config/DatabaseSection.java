package dev.berth.config;

import dev.berth.model.DatabaseModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** The environment's PostgreSQL: engine, instance and storage (file-wide, overridable per environment), availability. */
final class DatabaseSection implements Section {

    static final Key POSTGRES = Key.defaulted("postgres", "14–17", "database.postgres", "PostgreSQL major version");
    static final Key INSTANCE_CLASS = Key.defaulted("instance_class", "RDS instance class", "database.instance_class",
            "instance size, e.g. db.t4g.small");
    static final Key STORAGE_GB = Key.defaulted("storage_gb", "20–65536", "database.storage_gb", "storage at creation (gp3)");
    static final Key MAX_STORAGE_GB = Key.of("max_storage_gb", "20–65536, ≥ storage_gb", "max(@database.max_storage_gb, storage_gb)",
            "ceiling of storage autoscaling");
    static final Key READ_REPLICAS = Key.of("read_replicas", "0–5", "0",
            "read replicas in the other zones, encrypted alike; services get their address as reader_host");
    static final Key DATABASE = Key.of("database", "mapping", "see its keys", "the database of every environment")
            .holding(POSTGRES, INSTANCE_CLASS, STORAGE_GB, MAX_STORAGE_GB, READ_REPLICAS);
    static final Key ENVIRONMENT_DATABASE = Key.of("database", "mapping, as the top-level database", "the top-level database",
            "this environment's database, over the top-level one")
            .holding(POSTGRES, INSTANCE_CLASS, STORAGE_GB, MAX_STORAGE_GB, READ_REPLICAS);
    static final Key MULTI_AZ = Key.defaulted("multi_az", "bool", "profiles.multi_az", "a standby in a second AZ");
    static final Key BACKUP_RETENTION_DAYS = Key.defaulted("backup_retention_days", "1–35", "profiles.backup_retention_days",
            "days of automated backups");

    private static final Pattern INSTANCE_CLASS_NAME = Pattern.compile("db\\.[a-z][a-z0-9-]*\\.[a-z0-9]+");

    @Override
    public List<Key> keys(Scope scope) {
        return scope == Scope.FILE ? List.of(DATABASE) : List.of(ENVIRONMENT_DATABASE, MULTI_AZ, BACKUP_RETENTION_DAYS);
    }

    @Override
    public void readFile(FileReading file) {
        instance(file, null);
    }

    @Override
    public Optional<DatabaseModel> read(EnvironmentReading environment) {
        Optional<Instance> instance = instance(environment.file(), environment.settings());
        Settings settings = environment.settings();
        YamlFields fields = environment.fields();
        Optional<Boolean> multiAz = fields.bool(settings.get(MULTI_AZ.name()), settings.path(MULTI_AZ.name()));
        Optional<Integer> backups = fields.integer(settings.get(BACKUP_RETENTION_DAYS.name()),
                settings.path(BACKUP_RETENTION_DAYS.name()), 1, 35);
        if (instance.isEmpty() || multiAz.isEmpty() || backups.isEmpty()) {
            return Optional.empty();
        }
        Instance i = instance.get();
        return Optional.of(new DatabaseModel(i.postgres(), i.instanceClass(), i.storage(), multiAz.get(), backups.get(), i.readReplicas()));
    }

    private record Instance(int postgres, String instanceClass, DatabaseModel.Storage storage, int readReplicas) {
    }

    /** Engine, class and storage: the environment's database over the file's over the defaults. */
    private static Optional<Instance> instance(FileReading file, Settings environment) {
        YamlFields fields = file.fields;
        List<String> known = DATABASE.childNames();
        List<Settings.Level> written = new ArrayList<>();
        if (environment != null && environment.isWritten(ENVIRONMENT_DATABASE.name())) {
            String path = environment.path(ENVIRONMENT_DATABASE.name());
            written.add(new Settings.Level(path, fields.mapping(environment.written(ENVIRONMENT_DATABASE.name()), path, known)));
        }
        Node fileLevel = file.top.get(DATABASE.name());
        written.add(new Settings.Level(DATABASE.name(), fields.mapping(fileLevel, DATABASE.name(), known)));
        Node owner = fileLevel != null ? fileLevel : file.root;
        Settings settings = new Settings(owner, written, List.of(Defaults.get().section("database")));

        Optional<Integer> postgres = fields.integer(settings.get(POSTGRES.name()), settings.path(POSTGRES.name()), 14, 17);
        Optional<String> instanceClass = fields.matching(settings.get(INSTANCE_CLASS.name()), settings.path(INSTANCE_CLASS.name()),
                INSTANCE_CLASS_NAME, "an RDS instance class such as db.t4g.micro");
        Optional<Integer> storage = fields.integer(settings.get(STORAGE_GB.name()), settings.path(STORAGE_GB.name()), 20, 65536);
        Optional<Integer> ceiling = fields.integer(settings.get(MAX_STORAGE_GB.name()), settings.path(MAX_STORAGE_GB.name()), 20, 65536);
        Optional<Integer> replicas = settings.isWritten(READ_REPLICAS.name())
                ? fields.integer(settings.get(READ_REPLICAS.name()), settings.path(READ_REPLICAS.name()), 0, 5) : Optional.of(0);
        if (storage.isEmpty() || postgres.isEmpty() || instanceClass.isEmpty() || replicas.isEmpty()) {
            return Optional.empty();
        }
        int allocated = storage.get();
        int max;
        if (settings.isWritten(MAX_STORAGE_GB.name())) {
            if (ceiling.isEmpty()) {
                return Optional.empty();
            }
            max = ceiling.get();
            if (max < allocated) {
                fields.problem(settings.at(MAX_STORAGE_GB.name()), settings.path(MAX_STORAGE_GB.name()),
                        "expected at least storage_gb (" + allocated + "); got " + max);
                return Optional.empty();
            }
        } else {
            max = Math.max(ceiling.orElse(allocated), allocated);
        }
        return Optional.of(new Instance(postgres.get(), instanceClass.get(), new DatabaseModel.Storage(allocated, max), replicas.get()));
    }
}
