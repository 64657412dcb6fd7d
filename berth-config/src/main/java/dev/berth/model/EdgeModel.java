package dev.berth.model;

import java.util.List;

/**
 * How the internet reaches the environment.
 *
 * @param domain the site's domain name, or null for plain HTTP on the load balancer's address
 * @param certificateArn ACM certificate for the domain, or null to have one issued (DNS validation)
 * @param allowHttp whether plain HTTP on port 80 is served (only without a domain)
 */
public record EdgeModel(String domain, String certificateArn, boolean allowHttp) implements ModelPart {

    public static final int HTTP = 80;
    public static final int HTTPS = 443;

    public boolean https() {
        return domain != null;
    }

    /** Ports the internet reaches the load balancer on: 80 (a redirect with HTTPS) and 443 with a domain. */
    public List<Integer> publicPorts() {
        return https() ? List.of(HTTP, HTTPS) : List.of(HTTP);
    }
}
