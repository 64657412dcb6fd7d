package dev.berth.platform.network;

import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * What a {@link Network} needs. {@link #builder()} starts from the defaults of seed 001: 10.0.0.0/16, one NAT
 * gateway, no interface endpoints, flow logs kept a month.
 */
public final class NetworkProps {

    private final String cidr;
    private final List<String> availabilityZones;
    private final int natGateways;
    private final boolean interfaceEndpoints;
    private final RetentionDays flowLogRetention;
    private final IKey encryptionKey;
    private final TrafficGraph traffic;

    private NetworkProps(Builder builder) {
        this.cidr = Objects.requireNonNull(builder.cidr, "cidr");
        this.availabilityZones = List.copyOf(Objects.requireNonNull(builder.availabilityZones, "availabilityZones"));
        this.natGateways = builder.natGateways;
        this.interfaceEndpoints = builder.interfaceEndpoints;
        this.flowLogRetention = Objects.requireNonNull(builder.flowLogRetention, "flowLogRetention");
        this.encryptionKey = Objects.requireNonNull(builder.encryptionKey, "encryptionKey");
        this.traffic = Objects.requireNonNull(builder.traffic, "traffic");
        if (availabilityZones.size() < 2 || availabilityZones.size() > 3) {
            throw new IllegalArgumentException("2 or 3 availability zones; got " + availabilityZones);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The VPC's IPv4 range; each of its nine subnets is 1/16 of it. */
    public String cidr() {
        return cidr;
    }

    /** The 2 or 3 zones the subnets are spread over. */
    public List<String> availabilityZones() {
        return availabilityZones;
    }

    /** 0 (compute subnets are isolated), 1 (shared), or one per zone. */
    public int natGateways() {
        return natGateways;
    }

    /** Whether ECR, Logs, Secrets Manager, SSM and KMS interface endpoints are created. */
    public boolean interfaceEndpoints() {
        return interfaceEndpoints;
    }

    public RetentionDays flowLogRetention() {
        return flowLogRetention;
    }

    /** Encrypts the flow logs. */
    public IKey encryptionKey() {
        return encryptionKey;
    }

    /** The flows the network ACLs admit; everything else they deny. */
    public TrafficGraph traffic() {
        return traffic;
    }

    public static final class Builder {
        private String cidr = "10.0.0.0/16";
        private List<String> availabilityZones;
        private int natGateways = 1;
        private boolean interfaceEndpoints;
        private RetentionDays flowLogRetention = RetentionDays.ONE_MONTH;
        private IKey encryptionKey;
        private TrafficGraph traffic;

        public Builder cidr(String cidr) {
            this.cidr = cidr;
            return this;
        }

        /** Required: explicit names keep the template the same whatever account synthesizes it. */
        public Builder availabilityZones(List<String> availabilityZones) {
            this.availabilityZones = availabilityZones;
            return this;
        }

        public Builder natGateways(int natGateways) {
            this.natGateways = natGateways;
            return this;
        }

        public Builder interfaceEndpoints(boolean interfaceEndpoints) {
            this.interfaceEndpoints = interfaceEndpoints;
            return this;
        }

        public Builder flowLogRetention(RetentionDays flowLogRetention) {
            this.flowLogRetention = flowLogRetention;
            return this;
        }

        /** Required. */
        public Builder encryptionKey(IKey encryptionKey) {
            this.encryptionKey = encryptionKey;
            return this;
        }

        /** Required: the network ACLs are generated from it. */
        public Builder traffic(TrafficGraph traffic) {
            this.traffic = traffic;
            return this;
        }

        public NetworkProps build() {
            return new NetworkProps(this);
        }
    }
}
