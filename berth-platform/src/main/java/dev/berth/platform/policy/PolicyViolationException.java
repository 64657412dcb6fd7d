package dev.berth.platform.policy;

import java.util.List;

/** Synthesis stopped because the templates break policy: each finding must be fixed or acknowledged with a reason. */
public final class PolicyViolationException extends RuntimeException {

    private final transient List<PolicyFinding> findings;

    public PolicyViolationException(List<PolicyFinding> findings) {
        super(findings.size() + " unacknowledged policy finding(s)");
        this.findings = List.copyOf(findings);
    }

    public List<PolicyFinding> findings() {
        return findings;
    }
}
