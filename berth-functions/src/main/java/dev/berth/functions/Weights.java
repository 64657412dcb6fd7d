package dev.berth.functions;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ForwardActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/**
 * The weights a service's listener rule gives its own target group and the wake-up function's. The rule's one forward
 * action names exactly two target groups: the service's, and the other one is the wake-up function's.
 */
public record Weights(int service, int wakeUp) {

    /** Awake: every request to the service. */
    public static final Weights AWAKE = new Weights(1, 0);
    /** Asleep: every request to the wake-up function. */
    public static final Weights ASLEEP = new Weights(0, 1);

    /** Whether requests (some or all) reach the wake-up function. */
    public boolean reachWakeUp() {
        return wakeUp > 0;
    }

    /** The weights of the rule's forward action; fails when it is not the switch of the service's target group. */
    public static Weights of(Rule rule, String serviceTargetGroupArn) {
        ForwardActionConfig forward = forward(rule, serviceTargetGroupArn);
        int service = 0;
        int wakeUp = 0;
        for (TargetGroupTuple group : forward.targetGroups()) {
            int weight = group.weight() == null ? 1 : group.weight(); // AWS's default weight is 1
            if (group.targetGroupArn().equals(serviceTargetGroupArn)) {
                service = weight;
            } else {
                wakeUp = weight;
            }
        }
        return new Weights(service, wakeUp);
    }

    /** Whether the rule forwards, among others, to the target group: a candidate for its service's switch. */
    public static boolean forwardsTo(Rule rule, String targetGroupArn) {
        return rule.actions().stream()
                .filter(action -> action.type() == ActionTypeEnum.FORWARD && action.forwardConfig() != null)
                .anyMatch(action -> action.forwardConfig().targetGroups().stream()
                        .anyMatch(group -> group.targetGroupArn().equals(targetGroupArn)));
    }

    /**
     * The rule's actions with these weights in its forward action; every other action, the forward action's order
     * and stickiness are kept as they are.
     */
    public List<Action> applyTo(Rule rule, String serviceTargetGroupArn) {
        forward(rule, serviceTargetGroupArn);
        List<Action> actions = new ArrayList<>();
        for (Action action : rule.actions()) {
            if (action.type() == ActionTypeEnum.FORWARD) {
                List<TargetGroupTuple> groups = action.forwardConfig().targetGroups().stream()
                        .map(group -> group.toBuilder()
                                .weight(group.targetGroupArn().equals(serviceTargetGroupArn) ? service : wakeUp).build())
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

    private static ForwardActionConfig forward(Rule rule, String serviceTargetGroupArn) {
        List<ForwardActionConfig> forwards = rule.actions().stream()
                .filter(action -> action.type() == ActionTypeEnum.FORWARD && action.forwardConfig() != null)
                .map(Action::forwardConfig)
                .toList();
        if (forwards.size() != 1) {
            throw new IllegalStateException("listener rule " + rule.ruleArn() + " has " + forwards.size()
                    + " forward actions with target groups; expected one, to " + serviceTargetGroupArn + " and the wake-up"
                    + " function's target group");
        }
        ForwardActionConfig forward = forwards.getFirst();
        List<String> groups = forward.targetGroups().stream().map(TargetGroupTuple::targetGroupArn).toList();
        if (groups.size() != 2 || !groups.contains(serviceTargetGroupArn)) {
            throw new IllegalStateException("listener rule " + rule.ruleArn() + " forwards to " + groups + "; expected "
                    + serviceTargetGroupArn + " and the wake-up function's target group");
        }
        return forward;
    }
}
