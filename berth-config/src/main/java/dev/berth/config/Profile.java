package dev.berth.config;

import java.util.Locale;

/** Defaults an environment starts from; any value written in berth.yaml beats its profile's. */
public enum Profile {
    /** Cheap and disposable: one NAT, HTTP allowed, Fargate Spot, one database AZ, short retention. */
    DEV(NatMode.SINGLE, true, ComputeStrategy.FARGATE_SPOT, false, 1, false, 7),
    /** Resilient and guarded: NAT per AZ, HTTPS only, on-demand Fargate, Multi-AZ, deletion protection. */
    PROD(NatMode.PER_AZ, false, ComputeStrategy.FARGATE, true, 7, true, 90);

    private final NatMode nat;
    private final boolean allowHttp;
    private final ComputeStrategy compute;
    private final boolean multiAz;
    private final int backupRetentionDays;
    private final boolean deletionProtection;
    private final int logRetentionDays;

    Profile(NatMode nat, boolean allowHttp, ComputeStrategy compute, boolean multiAz,
            int backupRetentionDays, boolean deletionProtection, int logRetentionDays) {
        this.nat = nat;
        this.allowHttp = allowHttp;
        this.compute = compute;
        this.multiAz = multiAz;
        this.backupRetentionDays = backupRetentionDays;
        this.deletionProtection = deletionProtection;
        this.logRetentionDays = logRetentionDays;
    }

    public NatMode nat() {
        return nat;
    }

    public boolean allowHttp() {
        return allowHttp;
    }

    public ComputeStrategy compute() {
        return compute;
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

    public int logRetentionDays() {
        return logRetentionDays;
    }

    public int azs() {
        return 2;
    }

    public String cidr() {
        return "10.0.0.0/16";
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
