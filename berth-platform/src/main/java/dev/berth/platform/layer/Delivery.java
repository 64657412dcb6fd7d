package dev.berth.platform.layer;

import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * What the delivery layer hands the others.
 *
 * @param repositories the environment's own ECR repository of each service that has one, by service name
 * @param assets the bucket berth push uploads the services' static files to, or null when no service has any
 */
public record Delivery(Map<String, IRepository> repositories, IBucket assets) {

    public IRepository repository(String service) {
        IRepository repository = repositories.get(service);
        if (repository == null) {
            throw new IllegalArgumentException("no repository for service " + service);
        }
        return repository;
    }

    public Optional<IBucket> assetsBucket() {
        return Optional.ofNullable(assets);
    }
}
