package dev.berth.platform.policy;

/**
 * One unacknowledged policy finding.
 *
 * @param rule the rule, e.g. {@code AwsSolutions-EC23}: what {@link PolicyGate#acknowledge} takes
 * @param severity {@code error} or {@code warning}
 * @param constructPath where it was found, e.g. {@code notejam-dev-foundation/SecurityGroups/LoadBalancer/Resource}
 * @param description what the rule asks for
 */
public record PolicyFinding(String rule, String severity, String constructPath, String description) {
}
