package dev.berth.platform.edge;

import dev.berth.platform.policy.PolicyGate;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.CertificateValidation;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.RedirectOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The internet-facing Application Load Balancer in the public subnets: the only public entry point.
 * With a domain it terminates TLS on 443 (a TLS 1.2/1.3 policy) and redirects 80 to 443; without one it
 * serves plain HTTP on 80, which validation admits only where {@code allow_http} is set. Access logs go to
 * an encrypted, private bucket.
 */
public final class LoadBalancer extends Construct {

    /**
     * @param vpc the VPC
     * @param subnets the public subnets
     * @param securityGroup the load balancer's group of the chain
     * @param domain the served domain, or null for plain HTTP
     * @param certificateArn an existing ACM certificate, or null to request one (DNS validation) for the domain
     * @param accessLogDays how long access logs are kept
     * @param deletionProtection refuse deletion of the load balancer
     */
    public record Props(
            IVpc vpc,
            SubnetSelection subnets,
            ISecurityGroup securityGroup,
            String domain,
            String certificateArn,
            int accessLogDays,
            boolean deletionProtection) {

        public boolean https() {
            return domain != null;
        }
    }

    private final ApplicationLoadBalancer alb;
    private final ApplicationListener serviceListener;
    private final ApplicationListener redirectListener;
    private final Bucket accessLogs;
    private final ICertificate certificate;

    public LoadBalancer(Construct scope, String id, Props props) {
        super(scope, id);
        this.accessLogs = Bucket.Builder.create(this, "AccessLogs")
                // Load balancers can write access logs only to buckets encrypted with S3-managed keys.
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(props.accessLogDays()))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        this.alb = ApplicationLoadBalancer.Builder.create(this, "Alb")
                .vpc(props.vpc())
                .vpcSubnets(props.subnets())
                .internetFacing(true)
                .securityGroup(props.securityGroup())
                .dropInvalidHeaderFields(true)
                .deletionProtection(props.deletionProtection())
                .build();
        alb.logAccessLogs(accessLogs, "alb");
        PolicyGate.acknowledge(accessLogs, "AwsSolutions-S1", "This bucket holds the load balancer's access logs;"
                + " logging access to the log bucket itself would need yet another bucket, and writes here come only"
                + " from the ELB log delivery service.");

        if (props.https()) {
            this.certificate = props.certificateArn() != null
                    ? Certificate.fromCertificateArn(this, "Certificate", props.certificateArn())
                    : Certificate.Builder.create(this, "Certificate")
                            .domainName(props.domain())
                            .validation(CertificateValidation.fromDns())
                            .build();
            this.serviceListener = alb.addListener("Https", BaseApplicationListenerProps.builder()
                    .port(443)
                    .protocol(ApplicationProtocol.HTTPS)
                    .certificates(List.of(ListenerCertificate.fromCertificateManager(certificate)))
                    .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                    .open(false)
                    .build());
            this.redirectListener = alb.addListener("HttpRedirect", BaseApplicationListenerProps.builder()
                    .port(80)
                    .protocol(ApplicationProtocol.HTTP)
                    .open(false)
                    .defaultAction(ListenerAction.redirect(RedirectOptions.builder()
                            .protocol("HTTPS").port("443").permanent(true).build()))
                    .build());
        } else {
            this.certificate = null;
            this.redirectListener = null;
            this.serviceListener = alb.addListener("Http", BaseApplicationListenerProps.builder()
                    .port(80)
                    .protocol(ApplicationProtocol.HTTP)
                    .open(false)
                    .build());
        }
    }

    /** Ports the internet reaches the load balancer on, for the security group and the network ACLs. */
    public static List<Integer> publicPorts(boolean https) {
        return https ? List.of(80, 443) : List.of(80);
    }

    public ApplicationLoadBalancer getAlb() {
        return alb;
    }

    /**
     * The listener services attach to: HTTPS 443, or HTTP 80 without a domain. Its default action is the
     * service without a path pattern (berth.yaml always has exactly one).
     */
    public ApplicationListener getServiceListener() {
        return serviceListener;
    }

    /** The 80 → 443 redirect, or null without a domain. */
    public ApplicationListener getRedirectListener() {
        return redirectListener;
    }

    public Bucket getAccessLogs() {
        return accessLogs;
    }

    public ICertificate getCertificate() {
        return certificate;
    }

    public String url(String domain) {
        return domain != null ? "https://" + domain : "http://" + Objects.requireNonNull(alb.getLoadBalancerDnsName());
    }
}
