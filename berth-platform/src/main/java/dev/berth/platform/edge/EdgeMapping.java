package dev.berth.platform.edge;

import dev.berth.model.EdgeModel;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.ServiceModel;
import dev.berth.platform.network.Flow;
import dev.berth.platform.network.Zone;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.elasticloadbalancingv2.IApplicationLoadBalancer;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.AaaaRecord;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.CloudFrontTarget;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/** The model's edge as {@link LoadBalancer.Props}, and the flows from the internet to the load balancer. */
public final class EdgeMapping {

    private EdgeMapping() {
    }

    public static LoadBalancer.Props props(EnvironmentModel model, IVpc vpc, SubnetSelection publicSubnets,
            ISecurityGroup securityGroup) {
        EdgeModel edge = model.edge();
        return LoadBalancer.Props.builder()
                .vpc(vpc)
                .subnets(publicSubnets)
                .securityGroup(securityGroup)
                .https(edge.domain(), edge.certificateArn(), edge.hostedZoneId())
                .accessLogDays(model.lifecycle().logRetention().days())
                .deletionProtection(model.lifecycle().deletionProtection())
                .build();
    }

    /**
     * Behind a CDN: users to CloudFront (80 redirected, 443), CloudFront to the load balancer on the origin port, from
     * its origin-facing addresses alone. Without one: the internet to the load balancer on each public port. With
     * blue/green releases, the VPC to the test listener.
     */
    public static List<Flow> flows(EnvironmentModel model) {
        EdgeModel edge = model.edge();
        List<Flow> flows = new ArrayList<>();
        if (edge.distribution().isPresent()) {
            edge.publicPorts().forEach(port -> flows.add(Flow.tcp(Zone.INTERNET, Zone.CLOUDFRONT, port,
                    port == EdgeModel.HTTPS ? "Users to CloudFront over HTTPS" : "Users to CloudFront, redirected to HTTPS")));
            flows.add(Flow.tcp(Zone.CLOUDFRONT, LoadBalancer.ZONE, edge.originPort(),
                    "CloudFront to the load balancer on " + edge.originPort() + ", with the origin header"));
        }
        edge.loadBalancerPublicPorts().forEach(port -> flows.add(
                Flow.tcp(Zone.INTERNET, LoadBalancer.ZONE, port, "Internet to the load balancer on " + port)));
        if (model.delivery().blueGreen()) {
            flows.add(Flow.tcp(Zone.VPC, LoadBalancer.ZONE, LoadBalancer.testPort(edge.https()),
                    "Test traffic to the new tasks of a blue/green release, from inside the VPC"));
        }
        return flows;
    }

    /** CloudFront's price class for the model's. */
    public static PriceClass priceClass(EnvironmentModel model) {
        return switch (model.edge().distribution().map(EdgeModel.Cdn::priceClass).orElse(EdgeModel.PriceClass.PRICE_CLASS_100)) {
            case PRICE_CLASS_100 -> PriceClass.PRICE_CLASS_100;
            case PRICE_CLASS_200 -> PriceClass.PRICE_CLASS_200;
            case PRICE_CLASS_ALL -> PriceClass.PRICE_CLASS_ALL;
        };
    }

    /** A bucket for CloudFront's standard logs, kept as long as the environment keeps logs. */
    public static Bucket logBucket(Construct scope, String id, EnvironmentModel model) {
        return ContentDelivery.logBucket(scope, id, model.lifecycle().logRetention().days());
    }

    /**
     * The model's distribution in front of the load balancer: its origin secret, the static files of the services
     * that have them, the domain's us-east-1 certificate and the firewall of the global edge layer.
     */
    public static ContentDelivery.Props contentDelivery(EnvironmentModel model, IApplicationLoadBalancer loadBalancer,
            String verifyValue, IBucket assets, ICertificate certificate, String webAclArn) {
        List<String> patterns = model.services().all().stream()
                .flatMap(service -> service.assets().stream()).map(ServiceModel.StaticFiles::pathPattern).toList();
        EdgeModel edge = model.edge();
        return new ContentDelivery.Props(
                new ContentDelivery.Origin(loadBalancer, edge.https(), verifyValue),
                patterns.isEmpty() ? null : new ContentDelivery.Assets(assets, patterns),
                new ContentDelivery.Viewer(edge.domain(), certificate, webAclArn),
                priceClass(model), model.lifecycle().logRetention().days());
    }

    /** With a hosted zone: the domain's A and AAAA alias records to the target. */
    public static void aliasRecords(Construct scope, String id, EnvironmentModel model, String domain, RecordTarget target) {
        if (domain == null || model.edge().hostedZone().isEmpty()) {
            return;
        }
        IHostedZone zone = LoadBalancer.zone(scope, domain, model.edge().hostedZoneId());
        ARecord.Builder.create(scope, id + "Alias").zone(zone).recordName(domain + ".").target(target).build();
        AaaaRecord.Builder.create(scope, id + "AliasIpv6").zone(zone).recordName(domain + ".").target(target).build();
    }

    /** As {@link #aliasRecords(Construct, String, EnvironmentModel, String, RecordTarget)}, to a distribution. */
    public static void aliasRecords(Construct scope, String id, EnvironmentModel model, String domain, Distribution distribution) {
        aliasRecords(scope, id, model, domain, RecordTarget.fromAlias(new CloudFrontTarget(distribution)));
    }
}
