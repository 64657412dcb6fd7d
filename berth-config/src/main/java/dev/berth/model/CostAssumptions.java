package dev.berth.model;

/**
 * What the cost estimate assumes about use, which templates cannot say: berth.yaml's {@code cost}, file-wide or per
 * environment, key by key over Berth's defaults.
 *
 * @param traffic what reaches the environment and leaves it
 * @param logGb GB of logs written a month, all services together
 * @param storageGb GB kept in each bucket and each image repository
 * @param activeHours hours a month a service that scales to zero is awake
 * @param releaseMinutes build minutes a month of the release pipeline (and as many of its actions)
 */
public record CostAssumptions(Traffic traffic, int logGb, int storageGb, int activeHours, int releaseMinutes) implements ModelPart {

    /**
     * @param requestsPerMonth requests reaching the environment a month
     * @param dataOutGb GB a month sent to users
     * @param natGb GB a month through the NAT gateways (image pulls, AWS APIs, calls out)
     */
    public record Traffic(int requestsPerMonth, int dataOutGb, int natGb) {
    }

    public int requestsPerMonth() {
        return traffic.requestsPerMonth();
    }

    public int dataOutGb() {
        return traffic.dataOutGb();
    }

    public int natGb() {
        return traffic.natGb();
    }
}
