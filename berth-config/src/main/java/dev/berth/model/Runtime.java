package dev.berth.model;

/** Where and how a service's containers run. Each runtime maps size tiers and capacity to its own units. */
public sealed interface Runtime {

    /** How berth.yaml and {@code berth plan} name it. */
    String describe();

    /**
     * ECS on Fargate capacity providers: on-demand, Spot, or a weighted mix of both.
     *
     * @param onDemandWeight relative share of tasks on on-demand Fargate
     * @param spotWeight relative share of tasks on Fargate Spot
     */
    record Fargate(int onDemandWeight, int spotWeight) implements Runtime {

        public static final Fargate ON_DEMAND = new Fargate(1, 0);
        public static final Fargate SPOT = new Fargate(0, 1);

        public Fargate {
            if (onDemandWeight < 0 || spotWeight < 0 || onDemandWeight + spotWeight == 0) {
                throw new IllegalArgumentException("weights must be >= 0 and not both 0");
            }
        }

        /** With a mix, the first task always runs on on-demand Fargate so a Spot reclaim never takes the last one. */
        public int onDemandBase() {
            return onDemandWeight > 0 && spotWeight > 0 ? 1 : 0;
        }

        @Override
        public String describe() {
            if (spotWeight == 0) {
                return "fargate";
            }
            if (onDemandWeight == 0) {
                return "fargate-spot";
            }
            return "fargate:" + onDemandWeight + " + fargate-spot:" + spotWeight;
        }
    }
}
