package dev.berth.platform.layer;

import java.util.Map;
import software.amazon.awscdk.services.ecr.IRepository;

/**
 * What the delivery layer hands the others.
 *
 * @param repositories the environment's own ECR repository of each service that has one, by service name
 */
public record Delivery(Map<String, IRepository> repositories) {

    public IRepository repository(String service) {
        IRepository repository = repositories.get(service);
        if (repository == null) {
            throw new IllegalArgumentException("no repository for service " + service);
        }
        return repository;
    }
}
