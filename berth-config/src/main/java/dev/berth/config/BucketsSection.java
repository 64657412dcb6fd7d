package dev.berth.config;

import dev.berth.model.BucketReplication;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Where the services' buckets are replicated to: per environment, by profile. */
final class BucketsSection implements Section {

    static final String NONE = "none";
    static final String PAIRED = "paired";
    /** Each region Berth's examples use with its replica: close enough for speed, far enough apart for a regional outage. */
    static final Map<String, String> PAIRS = new TreeMap<>(Map.of(
            "eu-central-1", "eu-west-1", "eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "us-west-2", "us-east-1",
            "eu-west-2", "eu-west-1", "us-east-2", "us-west-2", "ap-southeast-2", "ap-southeast-4", "ap-northeast-1", "ap-northeast-3"));
    static final Key REPLICA_REGION = Key.defaulted("replica_region", "AWS region, paired or none", "profiles.replica_region",
            "where the services' buckets are copied; paired: eu-central-1 → eu-west-1, us-east-1 → us-west-2 and back, ...");

    @Override
    public List<Key> keys(Scope scope) {
        return scope == Scope.ENVIRONMENT ? List.of(REPLICA_REGION) : List.of();
    }

    @Override
    public Optional<BucketReplication> read(EnvironmentReading environment) {
        Settings settings = environment.settings();
        YamlFields fields = environment.fields();
        String path = settings.path(REPLICA_REGION.name());
        Optional<String> written = fields.text(settings.get(REPLICA_REGION.name()), path);
        if (written.isEmpty() || written.get().equals(NONE)) {
            return Optional.empty();
        }
        String region = environment.naming().region();
        String replica = written.get();
        if (replica.equals(PAIRED)) {
            replica = PAIRS.get(region);
            if (replica == null) {
                fields.problem(settings.at(REPLICA_REGION.name()), path, "no region is paired with " + region
                        + "; name the replicas' region (such as " + PAIRS.get("eu-central-1") + ") or none");
                return Optional.empty();
            }
        } else if (!ProjectSection.REGIONS.contains(replica)) {
            fields.problem(settings.at(REPLICA_REGION.name()), path, "expected an AWS region, paired or none; got '" + replica + "'"
                    + YamlFields.didYouMean(replica, ProjectSection.REGIONS));
            return Optional.empty();
        } else if (replica.equals(region)) {
            fields.problem(settings.at(REPLICA_REGION.name()), path, "expected another region than the environment's own ("
                    + region + "): a replica there survives no regional outage");
            return Optional.empty();
        }
        return Optional.of(new BucketReplication(replica));
    }
}
