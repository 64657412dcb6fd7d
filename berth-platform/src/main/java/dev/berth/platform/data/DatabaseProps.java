package dev.berth.platform.data;

import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;

/** What a {@link Database} needs. {@link #builder()} documents each default; the rest are required. */
public final class DatabaseProps {

    private final IVpc vpc;
    private final SubnetSelection subnets;
    private final ISecurityGroup securityGroup;
    private final IKey encryptionKey;
    private final PostgresEngineVersion engineVersion;
    private final InstanceType instanceType;
    private final int allocatedStorageGb;
    private final int maxAllocatedStorageGb;
    private final String instanceIdentifier;
    private final String databaseName;
    private final String secretName;
    private final boolean multiAz;
    private final int backupRetentionDays;
    private final boolean deletionProtection;
    private final RetentionDays logRetention;
    private final List<String> replicaZones;

    private DatabaseProps(Builder b) {
        this.vpc = Objects.requireNonNull(b.vpc, "vpc");
        this.subnets = Objects.requireNonNull(b.subnets, "subnets");
        this.securityGroup = Objects.requireNonNull(b.securityGroup, "securityGroup");
        this.encryptionKey = Objects.requireNonNull(b.encryptionKey, "encryptionKey");
        this.engineVersion = b.engineVersion;
        this.instanceType = b.instanceType;
        this.allocatedStorageGb = b.allocatedStorageGb;
        this.maxAllocatedStorageGb = b.maxAllocatedStorageGb;
        this.instanceIdentifier = Objects.requireNonNull(b.instanceIdentifier, "instanceIdentifier");
        this.databaseName = Objects.requireNonNull(b.databaseName, "databaseName");
        this.secretName = Objects.requireNonNull(b.secretName, "secretName");
        this.multiAz = b.multiAz;
        this.backupRetentionDays = b.backupRetentionDays;
        this.deletionProtection = b.deletionProtection;
        this.logRetention = b.logRetention;
        this.replicaZones = List.copyOf(b.replicaZones);
        if (backupRetentionDays < 1) {
            throw new IllegalArgumentException("backups must be kept at least one day");
        }
        if (maxAllocatedStorageGb < allocatedStorageGb) {
            throw new IllegalArgumentException("maxAllocatedStorageGb is below allocatedStorageGb");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public IVpc vpc() {
        return vpc;
    }

    public SubnetSelection subnets() {
        return subnets;
    }

    public ISecurityGroup securityGroup() {
        return securityGroup;
    }

    public IKey encryptionKey() {
        return encryptionKey;
    }

    public PostgresEngineVersion engineVersion() {
        return engineVersion;
    }

    public InstanceType instanceType() {
        return instanceType;
    }

    public int allocatedStorageGb() {
        return allocatedStorageGb;
    }

    public int maxAllocatedStorageGb() {
        return maxAllocatedStorageGb;
    }

    public String instanceIdentifier() {
        return instanceIdentifier;
    }

    public String databaseName() {
        return databaseName;
    }

    public String secretName() {
        return secretName;
    }

    /** The zone of each read replica. */
    public List<String> replicaZones() {
        return replicaZones;
    }

    public boolean multiAz() {
        return multiAz;
    }

    public int backupRetentionDays() {
        return backupRetentionDays;
    }

    public boolean deletionProtection() {
        return deletionProtection;
    }

    public RetentionDays logRetention() {
        return logRetention;
    }

    public static final class Builder {
        private IVpc vpc;
        private SubnetSelection subnets;
        private ISecurityGroup securityGroup;
        private IKey encryptionKey;
        private PostgresEngineVersion engineVersion = PostgresEngineVersion.VER_16_13;
        private InstanceType instanceType = new InstanceType("t4g.micro");
        private int allocatedStorageGb = 20;
        private int maxAllocatedStorageGb = 100;
        private String instanceIdentifier;
        private String databaseName;
        private String secretName;
        private boolean multiAz = true;
        private List<String> replicaZones = List.of();
        private int backupRetentionDays = 7;
        private boolean deletionProtection = true;
        private RetentionDays logRetention = RetentionDays.ONE_MONTH;

        public Builder vpc(IVpc vpc) {
            this.vpc = vpc;
            return this;
        }

        /** The isolated data subnets. */
        public Builder subnets(SubnetSelection subnets) {
            this.subnets = subnets;
            return this;
        }

        /** The database's group of the traffic graph ({@link Database#ZONE}). */
        public Builder securityGroup(ISecurityGroup securityGroup) {
            this.securityGroup = securityGroup;
            return this;
        }

        /** Encrypts storage, the secret, Performance Insights and the exported logs. */
        public Builder encryptionKey(IKey encryptionKey) {
            this.encryptionKey = encryptionKey;
            return this;
        }

        /** Default PostgreSQL 16.13. */
        public Builder engineVersion(PostgresEngineVersion engineVersion) {
            this.engineVersion = engineVersion;
            return this;
        }

        /** Default t4g.micro. */
        public Builder instanceType(InstanceType instanceType) {
            this.instanceType = instanceType;
            return this;
        }

        /** Default 20 GB, autoscaling up to 100 GB. */
        public Builder storage(int allocatedStorageGb, int maxAllocatedStorageGb) {
            this.allocatedStorageGb = allocatedStorageGb;
            this.maxAllocatedStorageGb = maxAllocatedStorageGb;
            return this;
        }

        /** The RDS instance name, unique in the account and region. */
        public Builder instanceIdentifier(String instanceIdentifier) {
            this.instanceIdentifier = instanceIdentifier;
            return this;
        }

        /** The database created at launch. */
        public Builder databaseName(String databaseName) {
            this.databaseName = databaseName;
            return this;
        }

        /** The Secrets Manager name of the master credentials. */
        public Builder secretName(String secretName) {
            this.secretName = secretName;
            return this;
        }

        /** Default true: a standby in a second AZ. */
        /** Default: none. One read replica per zone given (a zone may repeat), encrypted and guarded as the instance. */
        public Builder readReplicas(List<String> replicaZones) {
            this.replicaZones = replicaZones;
            return this;
        }

        public Builder multiAz(boolean multiAz) {
            this.multiAz = multiAz;
            return this;
        }

        /** Default 7 days. */
        public Builder backupRetentionDays(int backupRetentionDays) {
            this.backupRetentionDays = backupRetentionDays;
            return this;
        }

        /** Default true. */
        public Builder deletionProtection(boolean deletionProtection) {
            this.deletionProtection = deletionProtection;
            return this;
        }

        /** Retention of the exported PostgreSQL logs; default one month. */
        public Builder logRetention(RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        public DatabaseProps build() {
            return new DatabaseProps(this);
        }
    }
}
