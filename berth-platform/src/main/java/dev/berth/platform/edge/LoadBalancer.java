package dev.berth.platform.edge;

import dev.berth.platform.network.SubnetTier;
import dev.berth.platform.network.Zone;
import dev.berth.platform.policy.PolicyGate;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.CertificateValidation;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationActionProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.FixedResponseOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.RedirectOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The internet-facing Application Load Balancer in the public subnets: the only public entry point.
 * With a domain it terminates TLS on 443 (a TLS 1.2/1.3 policy) and redirects 80 to 443; without one it
 * serves plain HTTP on 80, which validation admits only where {@code allow_http} is set. Access logs go to
 * an encrypted, private bucket.
 */
public final class LoadBalancer extends Construct {

    /** The load balancer's security group: the one zone of the traffic graph the internet reaches. */
    public static final Zone ZONE = Zone.publicGroup("LoadBalancer", SubnetTier.PUBLIC,
            "Load balancer: the only entry point from the internet",
            "The internet-facing load balancer is the architecture's one public entry point: it admits only its listener"
                    + " ports (80 redirect, 443) from anywhere, and reaches nothing but the tasks' ports.");

    /**
     * What a {@link LoadBalancer} needs; {@link #builder()} documents each default.
     *
     * @param vpc the VPC
     * @param subnets the public subnets
     * @param securityGroup the load balancer's group ({@link #ZONE} of the traffic graph)
     * @param https the served domain and its certificate, or null for plain HTTP on 80
     * @param accessLogDays how long access logs are kept
     * @param deletionProtection refuse deletion of the load balancer
     */
    public record Props(IVpc vpc, SubnetSelection subnets, ISecurityGroup securityGroup, Https https, int accessLogDays,
            boolean deletionProtection) {

        /**
         * @param domain the served domain
         * @param certificateArn an existing ACM certificate, or null to request one for the domain (DNS validation)
         * @param hostedZoneId the domain's Route 53 zone, where a requested certificate's validation record is written;
         *     or null, and someone adds the record ACM asks for
         */
        public record Https(String domain, String certificateArn, String hostedZoneId) {
        }

        public Props {
            Objects.requireNonNull(vpc, "vpc");
            Objects.requireNonNull(subnets, "subnets");
            Objects.requireNonNull(securityGroup, "securityGroup");
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private IVpc vpc;
            private SubnetSelection subnets;
            private ISecurityGroup securityGroup;
            private Https https;
            private int accessLogDays = 90;
            private boolean deletionProtection;

            public Builder vpc(IVpc vpc) {
                this.vpc = vpc;
                return this;
            }

            public Builder subnets(SubnetSelection subnets) {
                this.subnets = subnets;
                return this;
            }

            public Builder securityGroup(ISecurityGroup securityGroup) {
                this.securityGroup = securityGroup;
                return this;
            }

            /** Default: none, plain HTTP on 80. With a domain: HTTPS on 443, 80 redirects to it. */
            public Builder https(String domain, String certificateArn, String hostedZoneId) {
                this.https = domain == null ? null : new Https(domain, certificateArn, hostedZoneId);
                return this;
            }

            /** Default 90 days. */
            public Builder accessLogDays(int accessLogDays) {
                this.accessLogDays = accessLogDays;
                return this;
            }

            /** Default false. */
            public Builder deletionProtection(boolean deletionProtection) {
                this.deletionProtection = deletionProtection;
                return this;
            }

            public Props build() {
                return new Props(vpc, subnets, securityGroup, https, accessLogDays, deletionProtection);
            }
        }
    }

    /** The test listener's port of a blue/green release: beside 443 with a domain, beside 80 without. */
    public static int testPort(boolean https) {
        return https ? 8443 : 8080;
    }

    private final ApplicationLoadBalancer alb;
    private final ApplicationListener serviceListener;
    private final ApplicationListener redirectListener;
    private final Bucket accessLogs;
    private final ICertificate certificate;
    private final Props.Https https;

    public LoadBalancer(Construct scope, String id, Props props) {
        super(scope, id);
        this.https = props.https();
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

        if (props.https() != null) {
            this.certificate = props.https().certificateArn() != null
                    ? Certificate.fromCertificateArn(this, "Certificate", props.https().certificateArn())
                    : Certificate.Builder.create(this, "Certificate")
                            .domainName(props.https().domain())
                            .validation(validation(this, props.https().domain(), props.https().hostedZoneId()))
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

    /**
     * A second listener, on {@link #testPort}, with the service listener's protocol and certificate: a blue/green
     * release sends it to the new tasks before they take production traffic. Its port is open to the VPC alone
     * (the traffic graph's flow), so that only checks from inside the environment reach tasks not yet released.
     */
    public ApplicationListener addTestListener() {
        BaseApplicationListenerProps.Builder listener = BaseApplicationListenerProps.builder()
                .port(testPort(https != null))
                .open(false);
        if (https != null) {
            listener.protocol(ApplicationProtocol.HTTPS)
                    .certificates(List.of(ListenerCertificate.fromCertificateManager(certificate)))
                    .sslPolicy(SslPolicy.RECOMMENDED_TLS);
        } else {
            listener.protocol(ApplicationProtocol.HTTP);
        }
        return alb.addListener("Test", listener.build());
    }

    /** The internal listener a gateway reaches the services on, by host name (HTTPS, the domain's certificate). */
    public static final int INTERNAL_HOST_PORT = 8443;
    /** The internal listener that routes by path, for callers inside the VPC. */
    public static final int INTERNAL_PATH_PORT = 8080;

    /**
     * The listeners of a gateway's environment beside 443 and the 80 redirect: 8443 (HTTPS), where the gateway reaches
     * each service by its host name, and 8080 (HTTP), which routes by path for callers inside the VPC. Both answer 404
     * to what no rule takes; the traffic graph opens them to the gateway and the VPC alone.
     *
     * @return the host listener, then the path listener
     */
    public List<ApplicationListener> addInternalListeners() {
        if (https == null) {
            throw new IllegalStateException("the internal host listener serves the domain's certificate: a gateway needs a domain");
        }
        FixedResponseOptions noService = FixedResponseOptions.builder().contentType("text/plain").messageBody("No such service").build();
        ApplicationListener byHost = alb.addListener("InternalByHost", BaseApplicationListenerProps.builder()
                .port(INTERNAL_HOST_PORT)
                .protocol(ApplicationProtocol.HTTPS)
                .certificates(List.of(ListenerCertificate.fromCertificateManager(certificate)))
                .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                .open(false)
                .defaultAction(ListenerAction.fixedResponse(404, noService))
                .build());
        ApplicationListener byPath = alb.addListener("InternalByPath", BaseApplicationListenerProps.builder()
                .port(INTERNAL_PATH_PORT)
                .protocol(ApplicationProtocol.HTTP)
                .open(false)
                .build());
        return List.of(byHost, byPath);
    }

    /**
     * A certificate for a site's domain on the HTTPS listener (served by SNI beside the environment's own): CloudFront
     * forwards the site's domain as the Host header and checks the load balancer's certificate against it.
     *
     * @param hostedZoneId the domain's zone for DNS validation, or null (someone adds the record ACM asks for)
     */
    public void addSiteCertificate(String id, String domain, String hostedZoneId) {
        if (https == null) {
            throw new IllegalStateException("without a domain the load balancer serves HTTP on 80 and has no certificate to add to");
        }
        Certificate site = Certificate.Builder.create(this, id + "Certificate")
                .domainName(domain)
                .validation(validation(this, domain, hostedZoneId))
                .build();
        serviceListener.addCertificates(id, List.of(ListenerCertificate.fromCertificateManager(site)));
    }

    /** DNS validation: into the zone where there is one, else by a record someone adds (the deploy waits for it). */
    public static CertificateValidation validation(Construct scope, String domain, String hostedZoneId) {
        return hostedZoneId == null ? CertificateValidation.fromDns()
                : CertificateValidation.fromDns(zone(scope, domain, hostedZoneId));
    }

    /**
     * The domain's hosted zone, imported by id. Records are written by their full name, so the zone's own name may
     * be taken to be the domain's.
     */
    public static IHostedZone zone(Construct scope, String domain, String hostedZoneId) {
        String id = "Zone" + domain.replaceAll("[^A-Za-z0-9]", "");
        IConstruct existing = Stack.of(scope).getNode().tryFindChild(id);
        return existing != null ? (IHostedZone) existing : HostedZone.fromHostedZoneAttributes(Stack.of(scope), id,
                HostedZoneAttributes.builder().hostedZoneId(hostedZoneId).zoneName(domain).build());
    }

    /**
     * Answers 403 to every request no service route takes: with the origin header required on each route, that is
     * every request that did not come through CloudFront.
     */
    public void forbidOtherRequests() {
        serviceListener.addAction("Forbidden", AddApplicationActionProps.builder()
                .action(ListenerAction.fixedResponse(403, FixedResponseOptions.builder()
                        .contentType("text/plain")
                        .messageBody("Forbidden")
                        .build()))
                .build());
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

    /** Where users reach it: {@code https://DOMAIN}, or the load balancer's own address over HTTP. */
    public String url() {
        return https != null ? "https://" + https.domain() : "http://" + Objects.requireNonNull(alb.getLoadBalancerDnsName());
    }
}
