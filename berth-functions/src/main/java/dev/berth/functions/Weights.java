package dev.berth.functions;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ForwardActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/** The weights a service's listener rule gives its own target group and the wake-up function's. */
public record Weights(int service, int wakeUp) {

    /** Awake: every request to the service. */
    public static final Weights AWAKE = new Weights(1, 0);
    /** Asleep: every request to the wake-up function. */
    public static final Weights ASLEEP = new Weights(0, 1);

    /** Whether requests (some or all) reach the wake-up function. */
    public boolean reachWakeUp() {
        return wakeUp > 0;
    }

    /** The weights of the rule's forward action; fails when it does not forward to both target groups. */
    public static Weights of(Rule rule, ManagedService.Routing routing) {
        ForwardActionConfig forward = forward(rule, routing);
        return new Weights(weight(forward, routing.serviceTargetGroupArn()), weight(forward, routing.wakeUpTargetGroupArn()));
    }

    /**
     * The rule's actions with these weights in its forward action; every other action, the forward action's order
     * and stickiness, and any other target group in it are kept as they are.
     */
    public List<Action> applyTo(Rule rule, ManagedService.Routing routing) {
        forward(rule, routing);
        List<Action> actions = new ArrayList<>();
        for (Action action : rule.actions()) {
            if (action.type() == ActionTypeEnum.FORWARD) {
                List<TargetGroupTuple> groups = action.forwardConfig().targetGroups().stream()
                        .map(group -> group.toBuilder().weight(weightFor(group.targetGroupArn(), routing, group.weight())).build())
                        .toList();
                actions.add(action.toBuilder()
                        .targetGroupArn(null) // the forward config alone says where; both may not disagree
                        .forwardConfig(action.forwardConfig().toBuilder().targetGroups(groups).build())
                        .build());
            } else if (action.type() == ActionTypeEnum.AUTHENTICATE_OIDC) {
                // DescribeRules never returns the client secret: ModifyRule must be told to keep it.
                actions.add(action.toBuilder()
                        .authenticateOidcConfig(action.authenticateOidcConfig().toBuilder().useExistingClientSecret(true).build())
                        .build());
            } else {
                actions.add(action);
            }
        }
        return actions;
    }

    private int weightFor(String targetGroupArn, ManagedService.Routing routing, Integer current) {
        if (targetGroupArn.equals(routing.serviceTargetGroupArn())) {
            return service;
        }
        if (targetGroupArn.equals(routing.wakeUpTargetGroupArn())) {
            return wakeUp;
        }
        return current == null ? 1 : current;
    }

    private static ForwardActionConfig forward(Rule rule, ManagedService.Routing routing) {
        List<ForwardActionConfig> forwards = rule.actions().stream()
                .filter(action -> action.type() == ActionTypeEnum.FORWARD && action.forwardConfig() != null)
                .map(Action::forwardConfig)
                .toList();
        if (forwards.size() != 1) {
            throw new IllegalStateException("listener rule " + rule.ruleArn() + " has " + forwards.size()
                    + " forward actions with target groups; expected one, to " + routing.serviceTargetGroupArn()
                    + " and " + routing.wakeUpTargetGroupArn());
        }
        ForwardActionConfig forward = forwards.getFirst();
        for (String arn : List.of(routing.serviceTargetGroupArn(), routing.wakeUpTargetGroupArn())) {
            if (forward.targetGroups().stream().noneMatch(group -> group.targetGroupArn().equals(arn))) {
                throw new IllegalStateException("listener rule " + rule.ruleArn() + " does not forward to " + arn
                        + "; it forwards to " + forward.targetGroups().stream().map(TargetGroupTuple::targetGroupArn).toList());
            }
        }
        return forward;
    }

    private static int weight(ForwardActionConfig forward, String targetGroupArn) {
        return forward.targetGroups().stream()
                .filter(group -> group.targetGroupArn().equals(targetGroupArn))
                .map(group -> group.weight() == null ? 1 : group.weight()) // AWS's default weight is 1
                .findFirst().orElseThrow();
    }
}
