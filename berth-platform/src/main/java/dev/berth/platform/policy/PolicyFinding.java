package dev.berth.platform.policy;

/**
 * One unacknowledged policy finding.
 *
 * @param rule the rule, e.g. {@code AwsSolutions-EC23}
 * @param severity {@code error} or {@code warning}
 * @param constructPath where it was found, e.g. {@code notejam-dev-foundation/SecurityGroups/LoadBalancer/Resource}
 * @param description what the rule asks for
 */
public record PolicyFinding(String rule, String severity, String constructPath, String description) {

    /** The id to acknowledge it with through {@link PolicyGate#acknowledge}. */
    public String acknowledgmentId() {
        return rule;
    }
}
