package dev.berth.functions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * What the functions do to a service, in AWS API calls: its scalable target's bounds, its desired count, the weights
 * of its listener rule, and whether its target group has a healthy target. Each change acts on the one resource the
 * configuration names or, for the rule, the one rule of the configured listener that forwards to the service.
 */
public final class ServiceSwitch {

    /** DescribeServices takes at most 10 services. */
    private static final int SERVICES_PER_CALL = 10;

    private final AwsClients aws;

    public ServiceSwitch(AwsClients aws) {
        this.aws = aws;
    }

    /** Bounds the scalable target of the service's desired count (RegisterScalableTarget creates or updates it). */
    public void bound(ManagedService service, int min, int max) {
        aws.autoScaling().registerScalableTarget(request -> request
                .serviceNamespace(ServiceNamespace.ECS)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .resourceId(service.awake().resourceId())
                .minCapacity(min)
                .maxCapacity(max));
    }

    /** Sets the ECS service's desired count. */
    public void desire(ManagedService service, int count) {
        aws.ecs().updateService(request -> request.cluster(service.cluster()).service(service.service()).desiredCount(count));
    }

    /** The scalable targets of the services' desired counts, by resource id; a service without one is left out. */
    public Map<String, ScalableTarget> scalableTargets(List<ManagedService> services) {
        List<String> resourceIds = services.stream().map(service -> service.awake().resourceId()).toList();
        Map<String, ScalableTarget> targets = new HashMap<>();
        aws.autoScaling().describeScalableTargetsPaginator(request -> request
                        .serviceNamespace(ServiceNamespace.ECS)
                        .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                        .resourceIds(resourceIds))
                .scalableTargets()
                .forEach(target -> targets.put(target.resourceId(), target));
        return targets;
    }

    /** The ECS services, by {@link ManagedService#label()}; one ECS does not know is left out. */
    public Map<String, Service> ecsServices(List<ManagedService> services) {
        Map<String, Service> found = new HashMap<>();
        Map<String, List<String>> byCluster = services.stream().collect(Collectors.groupingBy(ManagedService::cluster,
                Collectors.mapping(ManagedService::service, Collectors.toList())));
        byCluster.forEach((cluster, names) -> {
            for (int from = 0; from < names.size(); from += SERVICES_PER_CALL) {
                List<String> batch = names.subList(from, Math.min(names.size(), from + SERVICES_PER_CALL));
                var response = aws.ecs().describeServices(request -> request.cluster(cluster).services(batch));
                for (Service service : response.services()) {
                    found.put(cluster + "/" + service.serviceName(), service);
                }
                for (Failure failure : response.failures()) {
                    System.err.println("berth: ECS does not describe " + failure.arn() + " in " + cluster + ": " + failure.reason());
                }
            }
        });
        return found;
    }

    /** Every rule of the services' listeners, by listener ARN: one DescribeRules (paged) per listener. */
    public Map<String, List<Rule>> listenerRules(List<ManagedService> services) {
        Map<String, List<Rule>> byListener = new HashMap<>();
        for (ManagedService service : services) {
            byListener.computeIfAbsent(service.routing().listenerArn(), this::listenerRules);
        }
        return byListener;
    }

    /**
     * The service's rule among its listener's: the one that forwards to its target group. Fails, naming the listener
     * and the target group, when there is none or more than one.
     */
    public static Rule ruleOf(ManagedService service, Map<String, List<Rule>> listenerRules) {
        String listener = service.routing().listenerArn();
        String group = service.routing().serviceTargetGroupArn();
        List<Rule> candidates = listenerRules.getOrDefault(listener, List.of()).stream()
                .filter(rule -> Weights.forwardsTo(rule, group)).toList();
        if (candidates.size() != 1) {
            throw new IllegalStateException(candidates.size() + " rules of listener " + listener + " forward to " + group
                    + "; expected one, the switch of " + service.label());
        }
        return candidates.getFirst();
    }

    /** The rule of one service. */
    public Rule rule(ManagedService service) {
        return ruleOf(service, listenerRules(List.of(service)));
    }

    /** Every rule of the listener; DescribeRules pages with a marker and has no paginator. */
    private List<Rule> listenerRules(String listenerArn) {
        List<Rule> rules = new ArrayList<>();
        String marker = null;
        do {
            String page = marker;
            var response = aws.loadBalancing().describeRules(request -> request.listenerArn(listenerArn).marker(page));
            rules.addAll(response.rules());
            marker = response.nextMarker();
        } while (marker != null);
        return rules;
    }

    /**
     * Gives the rule these weights, keeping its conditions and its other actions; no call when it has them already.
     * Returns whether the rule changed.
     */
    public boolean route(ManagedService service, Rule rule, Weights weights) {
        if (Weights.of(rule, service.routing().serviceTargetGroupArn()).equals(weights)) {
            return false;
        }
        aws.loadBalancing().modifyRule(request -> request
                .ruleArn(rule.ruleArn())
                .actions(weights.applyTo(rule, service.routing().serviceTargetGroupArn())));
        return true;
    }

    /** Whether the service's own target group has at least one healthy target. */
    public boolean hasHealthyTarget(ManagedService service) {
        return aws.loadBalancing()
                .describeTargetHealth(request -> request.targetGroupArn(service.routing().serviceTargetGroupArn()))
                .targetHealthDescriptions().stream()
                .anyMatch(description -> description.targetHealth() != null
                        && description.targetHealth().state() == TargetHealthStateEnum.HEALTHY);
    }
}
