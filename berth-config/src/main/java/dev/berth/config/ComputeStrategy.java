package dev.berth.config;

/**
 * How tasks are spread over Fargate capacity providers.
 *
 * @param fargateWeight relative share of tasks on on-demand Fargate
 * @param spotWeight relative share of tasks on Fargate Spot
 */
public record ComputeStrategy(int fargateWeight, int spotWeight) {

    public static final ComputeStrategy FARGATE = new ComputeStrategy(1, 0);
    public static final ComputeStrategy FARGATE_SPOT = new ComputeStrategy(0, 1);

    public ComputeStrategy {
        if (fargateWeight < 0 || spotWeight < 0 || fargateWeight + spotWeight == 0) {
            throw new IllegalArgumentException("weights must be >= 0 and not both 0");
        }
    }

    /** With a mix, the first task always runs on on-demand Fargate so a Spot reclaim never takes the last one. */
    public int fargateBase() {
        return fargateWeight > 0 && spotWeight > 0 ? 1 : 0;
    }

    public String describe() {
        if (spotWeight == 0) {
            return "fargate";
        }
        if (fargateWeight == 0) {
            return "fargate-spot";
        }
        return "fargate:" + fargateWeight + " + fargate-spot:" + spotWeight;
    }
}
