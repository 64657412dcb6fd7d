package dev.berth.model;

import java.util.List;
import java.util.Optional;

/**
 * How the internet reaches the environment: through CloudFront (the default) or straight to the load balancer, with
 * or without a domain, behind a web application firewall.
 *
 * @param domain the site's domain name, or null for the CDN's (or the load balancer's) own address
 * @param certificateArn the load balancer's ACM certificate for the domain, or null to have one issued (DNS validation)
 * @param allowHttp whether the load balancer serves plain HTTP on port 80 without a CDN (only without a domain)
 * @param hostedZoneId the domain's Route 53 hosted zone, where Berth writes the validation and alias records; or null
 * @param cdn the CloudFront distribution in front of the load balancer, or null for none
 * @param waf the web application firewall's settings, or null for none
 */
public record EdgeModel(String domain, String certificateArn, boolean allowHttp, String hostedZoneId, Cdn cdn, Waf waf)
        implements ModelPart {

    public static final int HTTP = 80;
    public static final int HTTPS = 443;

    /**
     * @param priceClass where CloudFront serves from
     */
    public record Cdn(PriceClass priceClass) {
    }

    /**
     * @param rateLimit requests per 5 minutes one IP address may send before it is blocked
     */
    public record Waf(int rateLimit) {
    }

    /** CloudFront's price classes: the edge locations a distribution uses. */
    public enum PriceClass {
        /** North America, Europe and Israel: the cheapest. */
        PRICE_CLASS_100("100"),
        /** Adds Asia, the Middle East and Africa. */
        PRICE_CLASS_200("200"),
        /** Every edge location. */
        PRICE_CLASS_ALL("all");

        private final String yamlName;

        PriceClass(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }
    }

    public boolean https() {
        return domain != null;
    }

    public Optional<Cdn> distribution() {
        return Optional.ofNullable(cdn);
    }

    public Optional<Waf> firewall() {
        return Optional.ofNullable(waf);
    }

    public Optional<String> hostedZone() {
        return Optional.ofNullable(hostedZoneId);
    }

    /** Ports users reach the environment on: 80 (a redirect with HTTPS or behind the CDN) and 443 with a domain or CDN. */
    public List<Integer> publicPorts() {
        return https() || cdn != null ? List.of(HTTP, HTTPS) : List.of(HTTP);
    }

    /** The load balancer's port CloudFront sends to: 443 with a domain (the certificate matches the Host header), else 80. */
    public int originPort() {
        return https() ? HTTPS : HTTP;
    }

    /** The load balancer's ports the internet reaches: none behind the CDN, else the public ports. */
    public List<Integer> loadBalancerPublicPorts() {
        return cdn != null ? List.of() : publicPorts();
    }
}
