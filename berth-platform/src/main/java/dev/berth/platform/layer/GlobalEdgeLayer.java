package dev.berth.platform.layer;

import dev.berth.model.EnvironmentModel;
import dev.berth.model.Sites;
import dev.berth.platform.Layer;
import dev.berth.platform.LayerOutputs;
import dev.berth.platform.Retention;
import dev.berth.platform.edge.LoadBalancer;
import dev.berth.platform.edge.WebFirewall;
import dev.berth.platform.security.EnvironmentKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.ICertificate;

/**
 * What CloudFront requires in us-east-1, whatever the environment's region: the certificates of the domains its
 * distributions serve, and the CLOUDFRONT-scope web ACL with its logs (encrypted with a key of this region). The
 * regional stacks read them through CDK cross-region references.
 */
public final class GlobalEdgeLayer implements Layer {

    static final String NAME = "edge";
    /** The one region where CloudFront reads certificates and web ACLs. */
    public static final String REGION = "us-east-1";

    @Override
    public String name() {
        return NAME;
    }

    /** Where a distribution serves a domain or sits behind a firewall. */
    @Override
    public boolean appliesTo(EnvironmentModel model) {
        return !domains(model).isEmpty() || (hasDistribution(model) && model.edge().firewall().isPresent());
    }

    @Override
    public Placement placement(EnvironmentModel model) {
        return new Placement(model.naming().account(), REGION);
    }

    /** The environment has a CloudFront distribution: the application's, or a site's. */
    static boolean hasDistribution(EnvironmentModel model) {
        return model.edge().distribution().isPresent() || !sites(model).isEmpty() || !rendered(model).isEmpty();
    }

    /** The single-page sites. */
    static List<Sites.Site> sites(EnvironmentModel model) {
        return model.find(Sites.class).map(Sites::all).orElse(List.of());
    }

    /** The sites rendered by a service, whose distributions the app layer builds beside the load balancer. */
    static List<Sites.Rendered> rendered(EnvironmentModel model) {
        return model.find(Sites.class).map(Sites::rendered).orElse(List.of());
    }

    /** The domains the environment's distributions serve. */
    static List<String> domains(EnvironmentModel model) {
        List<String> domains = new ArrayList<>();
        if (model.edge().distribution().isPresent() && model.edge().https()) {
            domains.add(model.edge().domain());
        }
        sites(model).stream().map(Sites.Site::domain).filter(domain -> domain != null).forEach(domains::add);
        rendered(model).stream().map(Sites.Rendered::domain).filter(domain -> domain != null).forEach(domains::add);
        return domains;
    }

    @Override
    public void build(Stack stack, EnvironmentModel model, LayerOutputs outputs) {
        Map<String, ICertificate> certificates = new LinkedHashMap<>();
        for (String domain : domains(model)) {
            String id = "Certificate" + domain.replaceAll("[^A-Za-z0-9]", "");
            Certificate certificate = Certificate.Builder.create(stack, id)
                    .domainName(domain)
                    .validation(LoadBalancer.validation(stack, domain, model.edge().hostedZoneId()))
                    .build();
            certificates.put(domain, certificate);
            CfnOutput.Builder.create(stack, id + "Arn")
                    .description("CloudFront's certificate for " + domain)
                    .value(certificate.getCertificateArn())
                    .build();
        }
        String webAclArn = null;
        if (hasDistribution(model) && model.edge().firewall().isPresent()) {
            EnvironmentKey key = new EnvironmentKey(stack, "LogKey", EnvironmentKey.Props.builder()
                    .alias(model.naming().keyAlias() + "-edge")
                    .retain(model.lifecycle().deletionProtection())
                    .build());
            WebFirewall firewall = new WebFirewall(stack, "Firewall", new WebFirewall.Props(model.naming().prefix() + "-cdn",
                    WebFirewall.Scope.CLOUDFRONT, model.edge().firewall().get().rateLimit(),
                    Retention.of(model.lifecycle().logRetention()), key.getKey()));
            webAclArn = firewall.getWebAclArn();
            CfnOutput.Builder.create(stack, "WebAclArn")
                    .description("The firewall of the environment's distributions")
                    .value(webAclArn)
                    .build();
        }
        outputs.publish(new GlobalEdge(Collections.unmodifiableMap(certificates), webAclArn));
    }
}
