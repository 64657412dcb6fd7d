package dev.berth.model;

/**
 * The environment's API gateway: Kong (DB-less, 3.9) in front of the services, the load balancer's external listener
 * forwarding to it, Kong reaching each service through the load balancer's internal listener by host name.
 *
 * @param requestsPerMinute what Kong's rate limiting admits per client address and minute
 */
public record GatewayModel(int requestsPerMinute) implements ModelPart {
}
