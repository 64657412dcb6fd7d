package dev.berth.model;

import java.util.List;
import java.util.Optional;

/**
 * The services of an environment, in berth.yaml's order.
 *
 * @param all the services
 * @param sharedSecrets the secrets every service receives ({@code project/env/shared/NAME}), by name
 */
public record Services(List<ServiceModel> all, List<String> sharedSecrets) implements ModelPart {

    /** The owner of the secrets every service receives, in their names: no service may be called so. */
    public static final String SHARED = "shared";

    public Services {
        all = List.copyOf(all);
        sharedSecrets = List.copyOf(sharedSecrets);
    }

    /** The services the load balancer routes to: all but the internal ones. */
    public List<ServiceModel> routed() {
        return all.stream().filter(service -> !service.routing().internal()).toList();
    }

    public Optional<ServiceModel> named(String name) {
        return all.stream().filter(service -> service.name().equals(name)).findFirst();
    }

    /** The services that call this one. */
    public List<ServiceModel> callersOf(String name) {
        return all.stream().filter(service -> service.uses().calls().contains(name)).toList();
    }
}
