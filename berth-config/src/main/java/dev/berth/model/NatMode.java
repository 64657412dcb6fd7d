package dev.berth.model;

/** How compute subnets reach the internet. */
public enum NatMode {
    /** No NAT gateway: AWS services through VPC endpoints only, nothing else outside. */
    NONE("none"),
    /** One NAT gateway for all AZs: cheap, one AZ's outage cuts egress (dev default). */
    SINGLE("single"),
    /** One NAT gateway per AZ (prod default). */
    PER_AZ("per-az");

    private final String yamlName;

    NatMode(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }
}
