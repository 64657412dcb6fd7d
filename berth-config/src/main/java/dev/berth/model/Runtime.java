package dev.berth.model;

/**
 * Where and how a service's containers run. Each runtime maps size tiers and capacity to its own units: Fargate task
 * sizes, container reservations on the environment's EC2 instances, requests and limits on its Kubernetes workers.
 */
public sealed interface Runtime {

    /** How berth.yaml and {@code berth plan} name it. */
    String describe();

    /** What it runs a service's copies as: ECS tasks, unless it says otherwise. */
    default String units() {
        return "tasks";
    }

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
                return "fargate_spot";
            }
            return "fargate:" + onDemandWeight + " + fargate_spot:" + spotWeight;
        }
    }

    /** ECS tasks on the environment's own instances: an Auto Scaling group behind an ECS capacity provider ({@link ComputeModel#ec2()}). */
    record Ec2() implements Runtime {

        public static final Ec2 INSTANCE = new Ec2();

        @Override
        public String describe() {
            return "ec2";
        }
    }

    /** Pods on the environment's self-managed Kubernetes cluster ({@link ComputeModel#kubernetes()}). */
    record Kubernetes() implements Runtime {

        public static final Kubernetes INSTANCE = new Kubernetes();

        @Override
        public String units() {
            return "pods";
        }

        @Override
        public String describe() {
            return "kubernetes";
        }
    }

    /**
     * An AWS App Runner service: a site's front end only, since App Runner is not behind the environment's load balancer
     * (its own HTTPS endpoint, reached through the site's distribution with the origin header, which the regional web
     * ACL on it checks). AWS closed App Runner to new customers on 30 April 2026; accounts that used it keep it.
     */
    record AppRunner() implements Runtime {

        public static final AppRunner INSTANCE = new AppRunner();

        @Override
        public String units() {
            return "instances";
        }

        @Override
        public String describe() {
            return "apprunner";
        }
    }
}
