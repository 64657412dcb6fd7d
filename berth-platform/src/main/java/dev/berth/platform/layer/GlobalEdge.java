package dev.berth.platform.layer;

import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.services.certificatemanager.ICertificate;

/**
 * What the global edge layer (us-east-1) hands the distributions: their certificates and their firewall.
 *
 * @param certificates a certificate per domain a distribution serves
 * @param webAclArn the CLOUDFRONT web ACL, or null without a firewall
 */
public record GlobalEdge(Map<String, ICertificate> certificates, String webAclArn) {

    /** Where the environment has no global edge layer: no domain behind CloudFront, no firewall. */
    public static final GlobalEdge NONE = new GlobalEdge(Map.of(), null);

    public Optional<ICertificate> certificate(String domain) {
        return Optional.ofNullable(domain).map(certificates::get);
    }
}
