package dev.berth.model;

import java.util.List;
import java.util.Optional;

/** The services of an environment, in berth.yaml's order. */
public record Services(List<ServiceModel> all) implements ModelPart {

    public Services {
        all = List.copyOf(all);
    }

    public Optional<ServiceModel> named(String name) {
        return all.stream().filter(service -> service.name().equals(name)).findFirst();
    }

    /** Distinct container ports, in order: what the load balancer reaches tasks on. */
    public List<Integer> ports() {
        return all.stream().map(service -> service.routing().port()).distinct().toList();
    }
}
