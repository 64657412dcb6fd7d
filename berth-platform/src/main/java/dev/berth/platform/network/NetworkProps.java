package dev.berth.platform.network;

import dev.berth.config.NatMode;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * What a {@link Network} needs; {@link #builder()} fills the defaults of seed 001 (10.0.0.0/16, 2 AZs,
 * one NAT gateway, PostgreSQL in the data tier).
 *
 * @param cidr the VPC's IPv4 block
 * @param azs 2 or 3 availability zones
 * @param availabilityZones their names, or empty for the region's first ones by letter
 * @param nat NAT gateway mode
 * @param interfaceEndpoints whether ECR, Logs, Secrets Manager, SSM and KMS endpoints are created
 * @param servicePorts ports the load balancer reaches tasks on
 * @param dataPorts ports compute reaches the data tier on
 * @param flowLogRetention how long flow logs are kept
 * @param encryptionKey the key flow logs are encrypted with
 */
public record NetworkProps(
        String cidr,
        int azs,
        List<String> availabilityZones,
        NatMode nat,
        boolean interfaceEndpoints,
        List<Integer> servicePorts,
        List<Integer> dataPorts,
        RetentionDays flowLogRetention,
        IKey encryptionKey) {

    public NetworkProps {
        Objects.requireNonNull(encryptionKey, "encryptionKey");
        if (azs < 2 || azs > 3) {
            throw new IllegalArgumentException("azs must be 2 or 3");
        }
        if (nat == NatMode.NONE && !interfaceEndpoints) {
            throw new IllegalArgumentException("without NAT, tasks need interface endpoints");
        }
        availabilityZones = List.copyOf(availabilityZones);
        if (!availabilityZones.isEmpty() && availabilityZones.size() != azs) {
            throw new IllegalArgumentException("availabilityZones must name azs zones");
        }
        servicePorts = List.copyOf(servicePorts);
        dataPorts = List.copyOf(dataPorts);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String cidr = "10.0.0.0/16";
        private int azs = 2;
        private List<String> availabilityZones = List.of();
        private NatMode nat = NatMode.SINGLE;
        private Boolean interfaceEndpoints;
        private List<Integer> servicePorts = List.of(8080);
        private List<Integer> dataPorts = List.of(5432);
        private RetentionDays flowLogRetention = RetentionDays.ONE_MONTH;
        private IKey encryptionKey;

        public Builder cidr(String cidr) {
            this.cidr = cidr;
            return this;
        }

        public Builder azs(int azs) {
            this.azs = azs;
            return this;
        }

        /** Names the zones (and so their number); by default the region's first zones by letter. */
        public Builder availabilityZones(List<String> availabilityZones) {
            this.availabilityZones = availabilityZones;
            if (!availabilityZones.isEmpty()) {
                this.azs = availabilityZones.size();
            }
            return this;
        }

        public Builder nat(NatMode nat) {
            this.nat = nat;
            return this;
        }

        /** Defaults to on exactly when there is no NAT. */
        public Builder interfaceEndpoints(boolean interfaceEndpoints) {
            this.interfaceEndpoints = interfaceEndpoints;
            return this;
        }

        public Builder servicePorts(List<Integer> servicePorts) {
            this.servicePorts = servicePorts;
            return this;
        }

        public Builder dataPorts(List<Integer> dataPorts) {
            this.dataPorts = dataPorts;
            return this;
        }

        public Builder flowLogRetention(RetentionDays flowLogRetention) {
            this.flowLogRetention = flowLogRetention;
            return this;
        }

        public Builder encryptionKey(IKey encryptionKey) {
            this.encryptionKey = encryptionKey;
            return this;
        }

        public NetworkProps build() {
            boolean endpoints = interfaceEndpoints != null ? interfaceEndpoints : nat == NatMode.NONE;
            return new NetworkProps(cidr, azs, availabilityZones, nat, endpoints, servicePorts, dataPorts, flowLogRetention, encryptionKey);
        }
    }
}
