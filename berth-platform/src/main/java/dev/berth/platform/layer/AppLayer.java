package dev.berth.platform.layer;

import dev.berth.model.ComputeModel;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.GatewayModel;
import dev.berth.model.Naming;
import dev.berth.model.NodeGroup;
import dev.berth.model.ServiceModel;
import dev.berth.model.Sites;
import dev.berth.platform.Layer;
import dev.berth.platform.LayerOutputs;
import dev.berth.platform.compute.AppRunnerMapping;
import dev.berth.platform.compute.AppRunnerService;
import dev.berth.platform.compute.ComputeMapping;
import dev.berth.platform.compute.Ec2Capacity;
import dev.berth.platform.kubernetes.KubernetesMapping;
import dev.berth.platform.kubernetes.SelfManagedCluster;
import dev.berth.platform.compute.WebService;
import dev.berth.platform.compute.WebServiceProps;
import dev.berth.platform.Retention;
import dev.berth.platform.edge.ContentDelivery;
import dev.berth.platform.edge.EdgeMapping;
import dev.berth.platform.edge.LoadBalancer;
import dev.berth.platform.edge.OriginVerification;
import dev.berth.platform.edge.RenderedSite;
import dev.berth.platform.edge.WebFirewall;
import dev.berth.platform.gateway.GatewayMapping;
import dev.berth.platform.gateway.KongConfiguration;
import dev.berth.platform.network.Flow;
import dev.berth.platform.operations.FunctionsJar;
import dev.berth.platform.operations.OffHours;
import dev.berth.platform.operations.OperationsMapping;
import dev.berth.platform.operations.ScaleToZero;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.codedeploy.EcsApplication;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetGroupsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.LoadBalancerTarget;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketAttributes;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;

/**
 * The environment's edge and compute: the CloudFront distribution (with the origin secret the load balancer requires)
 * or the firewall on the load balancer, DNS records where there is a zone, the ECS cluster and one ECS service per
 * berth.yaml service.
 */
public final class AppLayer implements Layer {

    static final String NAME = "app";

    @Override
    public String name() {
        return NAME;
    }

    /** {@code STACK:PARAMETER}, as the CDK CLI's {@code --parameters} takes a service's image tag. */
    public static String imageTagParameter(EnvironmentModel model, String service) {
        return model.naming().stackName(NAME) + ":" + Naming.imageTagParameter(service);
    }

    @Override
    public List<Flow> flows(EnvironmentModel model) {
        List<Flow> flows = new ArrayList<>(EdgeMapping.flows(model));
        flows.addAll(ComputeMapping.flows(model));
        flows.addAll(KubernetesMapping.flows(model));
        flows.addAll(GatewayMapping.flows(model));
        return flows;
    }

    @Override
    public void build(Stack stack, EnvironmentModel model, LayerOutputs outputs) {
        Foundation foundation = outputs.get(Foundation.class);
        GlobalEdge global = outputs.find(GlobalEdge.class).orElse(GlobalEdge.NONE);
        LoadBalancer loadBalancer = new LoadBalancer(stack, "LoadBalancer", EdgeMapping.props(model, foundation.vpc(),
                foundation.subnets().publicSubnets(), foundation.groups().group(LoadBalancer.ZONE)));
        OriginVerification origin = null;
        ContentDelivery delivery = null;
        if (model.edge().distribution().isPresent()) {
            origin = new OriginVerification(stack, "OriginVerify", model.naming().secretName("origin-verify"), foundation.key());
            loadBalancer.forbidOtherRequests();
            // Imported, not the delivery stack's construct itself: the bucket's policy names the distribution and is made
            // here, where a grant on the construct would put it in the delivery stack and make the two stacks a cycle.
            IBucket assets = outputs.find(Delivery.class).flatMap(Delivery::assetsBucket)
                    .map(bucket -> Bucket.fromBucketAttributes(stack, "AssetsBucket", BucketAttributes.builder()
                            .bucketName(bucket.getBucketName())
                            .bucketArn(bucket.getBucketArn())
                            .bucketRegionalDomainName(bucket.getBucketRegionalDomainName())
                            .build()))
                    .orElse(null);
            delivery = new ContentDelivery(stack, "Cdn", EdgeMapping.contentDelivery(model, loadBalancer.getAlb(), origin.value(),
                    assets, global.certificate(model.edge().domain()).orElse(null), global.webAclArn()));
            EdgeMapping.aliasRecords(stack, "Domain", model, model.edge().domain(), delivery.getDistribution());
        } else {
            EdgeMapping.aliasRecords(stack, "Domain", model, model.edge().domain(),
                    RecordTarget.fromAlias(new LoadBalancerTarget(loadBalancer.getAlb())));
            model.edge().firewall().ifPresent(waf -> {
                WebFirewall firewall = new WebFirewall(stack, "Firewall", new WebFirewall.Props(model.naming().prefix() + "-alb",
                        WebFirewall.Scope.REGIONAL, waf.rateLimit(), Retention.of(model.lifecycle().logRetention()), foundation.key()));
                CfnWebACLAssociation.Builder.create(stack, "FirewallAssociation")
                        .resourceArn(loadBalancer.getAlb().getLoadBalancerArn())
                        .webAclArn(firewall.getWebAclArn())
                        .build();
            });
        }
        String url = publicUrl(model, loadBalancer, delivery);
        Cluster cluster = Cluster.Builder.create(stack, "Cluster")
                .vpc(foundation.vpc())
                .containerInsightsV2(ContainerInsights.ENABLED)
                .enableFargateCapacityProviders(true)
                .build();

        Ec2Capacity instances = ComputeMapping.usesInstances(model)
                ? new Ec2Capacity(stack, "Ec2Capacity", ComputeMapping.ec2Capacity(model)
                        .cluster(cluster)
                        .vpc(foundation.vpc())
                        .subnets(foundation.subnets().compute())
                        .securityGroup(foundation.groups().group(ComputeMapping.INSTANCES))
                        .encryptionKey(foundation.key())
                        .build())
                : null;
        if (instances != null) {
            NodeGroup group = model.part(ComputeModel.class).ec2();
            OperationsMapping.hours(model).ifPresent(hours -> OffHours.schedule(instances.getInstances().getAutoScalingGroup(), hours,
                    group.minNodes(), group.maxNodes()));
        }
        SelfManagedCluster kubernetes = KubernetesMapping.hasCluster(model) ? kubernetes(stack, model, foundation, outputs) : null;
        DataTier data = outputs.find(DataTier.class).orElse(DataTier.NONE);
        ImportedData imported = new ImportedData(stack);
        Map<String, FrontEnd> frontEnds = renderedSites(stack, model, loadBalancer, origin, global,
                new AppRunnerInputs(foundation, data, imported, outputs));
        ApplicationListener testListener = model.delivery().blueGreen() ? loadBalancer.addTestListener() : null;
        boolean gateway = model.find(GatewayModel.class).isPresent();
        List<ApplicationListener> internalListeners = gateway ? loadBalancer.addInternalListeners() : List.of();
        // With a gateway, the services' rules are the internal host listener's: Kong's upstreams, and where they sleep.
        ApplicationListener servicesListener = gateway ? internalListeners.get(0) : loadBalancer.getServiceListener();
        EcsApplication codeDeploy = model.delivery().blueGreen()
                ? EcsApplication.Builder.create(stack, "CodeDeploy").applicationName(model.naming().codeDeployApplication()).build()
                : null;
        ScaleToZero scaleToZero = null;
        if (model.services().all().stream().anyMatch(service -> service.capacity().scaleToZero().isPresent())) {
            scaleToZero = new ScaleToZero(stack, "ScaleToZero", new ScaleToZero.Props(model.naming().prefix(), FunctionsJar.locate(),
                    foundation.key(), Retention.of(model.lifecycle().logRetention()), servicesListener, cluster));
            boolean defaultRouteSleeps = model.services().all().stream()
                    .anyMatch(service -> service.routing().isDefaultRoute() && service.capacity().scaleToZero().isPresent());
            if (defaultRouteSleeps && origin == null && !gateway) {
                // Its rule takes every path: the listener's default action, which a listener must have, answers none.
                loadBalancer.forbidOtherRequests();
            }
        }
        Map<String, WebService> services = new LinkedHashMap<>();
        int hostPriority = 0;
        for (ServiceModel service : model.services().all()) {
            String constructId = Naming.pascal(service.name());
            if (AppRunnerMapping.onAppRunner(service)) {
                continue; // a site's front end, built with its site
            }
            if (KubernetesMapping.runsOnCluster(service)) {
                if (!service.routing().internal()) {
                    routeToCluster(servicesListener, kubernetes, service, origin);
                }
                continue;
            }
            WebServiceProps.Builder props = ComputeMapping.props(service, model, instances == null ? null : instances.getCapacityProviderName());
            DataTier.ServiceData uses = data.of(service.name());
            props.secrets(imported.secrets(service, model.services().sharedSecrets(), uses));
            if (uses.bucket() != null) {
                props.bucket(imported.bucket(constructId + "Bucket", model.naming(), service.name()));
            }
            if (codeDeploy != null) {
                props.blueGreen(ComputeMapping.blueGreen(model, service, codeDeploy, testListener));
            }
            if (gateway && !service.routing().internal() && !service.routing().frontEnd()) {
                hostPriority += 10;
                props.hostHeader(KongConfiguration.upstreamName(service.name(), model.naming().project()), hostPriority)
                        .pathListener(internalListeners.get(1));
            } else if (origin != null && !service.routing().internal()) {
                props.originHeader(new WebServiceProps.OriginHeader(OriginVerification.HEADER, origin.accepted()));
            }
            FrontEnd frontEnd = frontEnds.get(service.name());
            if (frontEnd != null) {
                props.siteHeader(new WebServiceProps.OriginHeader(RenderedSite.SITE_HEADER, List.of(frontEnd.site().name())),
                        frontEnd.priority());
            }
            if (service.capacity().scaleToZero().isPresent()) {
                props.wakeUpTargets(scaleToZero.getWakeUpTargets()).serviceName(model.naming().ecsServiceName(service.name()));
            }
            WebService webService = new WebService(stack, constructId, props
                    .cluster(cluster)
                    .vpc(foundation.vpc())
                    .subnets(foundation.subnets().compute())
                    .securityGroup(foundation.groups().group(ComputeMapping.zone(service.name())))
                    .image(ComputeMapping.image(stack, service, repository(stack, service, outputs)))
                    .listener(service.routing().internal() ? null : frontEnd != null ? loadBalancer.getServiceListener() : servicesListener)
                    .namespace(foundation.namespace())
                    .publicUrl(frontEnd != null ? frontEnd.url() : url)
                    .encryptionKey(foundation.key())
                    .build());
            services.put(service.name(), webService);
            if (service.capacity().scaleToZero().isPresent()) {
                scaleToZero.manage(new ScaleToZero.Sleeper(service.name(), model.naming().ecsServiceName(service.name()), webService.getTargetGroup(),
                        service.capacity().minTasks(), service.capacity().maxTasks(), service.capacity().scaleToZero().get()));
            }
            OperationsMapping.hours(model).ifPresent(hours -> OffHours.schedule(webService.getScaling(), hours,
                    service.capacity().minTasks(), service.capacity().maxTasks()));
            CfnOutput.Builder.create(stack, constructId + "ServiceName")
                    .description("ECS service of " + service.name())
                    .value(webService.getService().getServiceName())
                    .build();
        }
        if (gateway) {
            services.put(GatewayMapping.SERVICE, kong(stack, model, foundation, cluster, loadBalancer, origin, data, imported, url));
        }
        CfnOutput.Builder.create(stack, "Url")
                .description("Where the application answers")
                .value(url)
                .build();
        if (model.edge().https() && model.edge().hostedZone().isEmpty()) {
            CfnOutput.Builder.create(stack, delivery != null ? "DistributionDns" : "LoadBalancerDns")
                    .description("Point the domain's DNS record (CNAME or alias) here")
                    .value(delivery != null ? delivery.getDistribution().getDistributionDomainName()
                            : loadBalancer.getAlb().getLoadBalancerDnsName())
                    .build();
        }
        if (kubernetes != null) {
            CfnOutput.Builder.create(stack, "KubernetesStateBucket")
                    .description("The Kubernetes cluster's state: etcd snapshots, the PKI backup, the releases berth deploy uploads")
                    .value(kubernetes.getStateBucket().getBucketName())
                    .build();
            CfnOutput.Builder.create(stack, "KubernetesControlPlaneGroup")
                    .description("The Auto Scaling group of the Kubernetes control plane, which berth deploy runs the release on")
                    .value(kubernetes.getControlPlane().getAutoScalingGroup().getAutoScalingGroupName())
                    .build();
        }
        CfnOutput.Builder.create(stack, "ClusterName")
                .description("ECS cluster of the environment's services")
                .value(cluster.getClusterName())
                .build();
        outputs.publish(new Application(loadBalancer, cluster, Collections.unmodifiableMap(services), scaleToZero));
    }

    /**
     * Kong, in front of the services: the external listener's default route (with the origin header behind CloudFront),
     * its configuration naming the load balancer's internal listener, its rate limits in Redis where there is a cache.
     */
    private static WebService kong(Stack stack, EnvironmentModel model, Foundation foundation, Cluster cluster, LoadBalancer loadBalancer,
            OriginVerification origin, DataTier data, ImportedData imported, String url) {
        DataTier.CacheEndpoint cache = data.cache();
        KongConfiguration kong = GatewayMapping.configuration(model, loadBalancer.getAlb().getLoadBalancerDnsName(),
                cache == null ? null : cache.host());
        WebServiceProps.Builder props = GatewayMapping.props(model, kong, stack.toJsonString(kong.declarativeConfig()));
        if (cache != null) {
            props.secrets(Map.of(KongConfiguration.REDIS_TOKEN_VARIABLE,
                    software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(imported.imported(cache.secret()), "token")));
        }
        if (origin != null) {
            props.originHeader(new WebServiceProps.OriginHeader(OriginVerification.HEADER, origin.accepted()));
        }
        return new WebService(stack, "Kong", props
                .cluster(cluster)
                .vpc(foundation.vpc())
                .subnets(foundation.subnets().compute())
                .securityGroup(foundation.groups().group(GatewayMapping.zone()))
                .image(ContainerImage.fromRegistry(KongConfiguration.IMAGE))
                .listener(loadBalancer.getServiceListener())
                .namespace(foundation.namespace())
                .publicUrl(url)
                .encryptionKey(foundation.key())
                .build());
    }

    /** The environment's Kubernetes cluster, its nodes allowed to pull from the services' repositories. */
    private static SelfManagedCluster kubernetes(Stack stack, EnvironmentModel model, Foundation foundation, LayerOutputs outputs) {
        List<IRepository> repositories = KubernetesMapping.services(model).stream()
                .map(service -> repository(stack, service, outputs))
                .toList();
        SelfManagedCluster cluster = new SelfManagedCluster(stack, "Kubernetes", KubernetesMapping.cluster(model)
                .network(foundation.vpc(), model.network().cidr().toString(), foundation.subnets().compute())
                .groups(foundation.groups().group(SelfManagedCluster.CONTROL_PLANE), foundation.groups().group(SelfManagedCluster.WORKERS))
                .encryptionKey(foundation.key())
                .namespace(foundation.namespace(), model.naming().serviceNamespace())
                .repositories(repositories)
                .build());
        // Off hours the workers stop; the control plane stays, and with it the cluster's state.
        NodeGroup workers = model.part(ComputeModel.class).kubernetes().workers();
        OperationsMapping.hours(model).ifPresent(hours -> OffHours.schedule(cluster.getWorkers().getAutoScalingGroup(), hours,
                workers.minNodes(), workers.maxNodes()));
        return cluster;
    }

    /**
     * A cluster service's route on the load balancer: its path (or the default) to the workers' ingress node port, where
     * Traefik routes it by the same path; behind CloudFront, only with the origin header.
     */
    private static void routeToCluster(ApplicationListener listener, SelfManagedCluster cluster, ServiceModel service,
            OriginVerification origin) {
        List<ListenerCondition> conditions = new ArrayList<>();
        service.routing().path().ifPresent(path -> conditions.add(ListenerCondition.pathPatterns(List.of(path))));
        if (origin != null) {
            conditions.add(ListenerCondition.httpHeader(OriginVerification.HEADER, origin.accepted()));
        }
        AddApplicationTargetGroupsProps.Builder route = AddApplicationTargetGroupsProps.builder()
                .targetGroups(List.of(cluster.getIngressTargets()));
        if (!conditions.isEmpty()) {
            route.conditions(conditions).priority(service.routing().path().isPresent() ? service.routing().priority()
                    : WebService.DEFAULT_ROUTE_PRIORITY);
        }
        listener.addTargetGroups(Naming.pascal(service.name()) + "OnKubernetes", route.build());
    }

    /**
     * A site rendered by a service: its distribution, the rule priority of its front end, and where users reach it.
     */
    private record FrontEnd(Sites.Rendered site, int priority, String url) {
    }

    /** What an App Runner front end is built from: the environment's network and key, its data, its repository. */
    private record AppRunnerInputs(Foundation foundation, DataTier data, ImportedData imported, LayerOutputs outputs) {
    }

    /**
     * Each site rendered by a service: its own distribution in front of the load balancer with the origin header and the
     * site header (where the load balancer serves HTTPS, with a certificate for the site's domain beside its own), the
     * environment's CLOUDFRONT web ACL, and its alias records where there is a zone. Built here, not in the sites stack:
     * the origin header's value is this stack's (its version parameters), which berth rotate-origin deploys alone.
     *
     * @return the front ends by service name
     */
    private static Map<String, FrontEnd> renderedSites(Stack stack, EnvironmentModel model, LoadBalancer loadBalancer,
            OriginVerification origin, GlobalEdge global, AppRunnerInputs inputs) {
        Map<String, FrontEnd> frontEnds = new LinkedHashMap<>();
        List<Sites.Rendered> sites = GlobalEdgeLayer.rendered(model);
        if (sites.isEmpty()) {
            return frontEnds;
        }
        Bucket logs = EdgeMapping.logBucket(stack, "SiteLogs", model);
        WebFirewall appRunnerFirewall = null;
        for (int i = 0; i < sites.size(); i++) {
            Sites.Rendered site = sites.get(i);
            String id = Naming.pascal(site.name()) + "Site";
            ServiceModel service = model.services().named(site.service()).orElseThrow();
            if (AppRunnerMapping.onAppRunner(service)) {
                if (appRunnerFirewall == null) {
                    appRunnerFirewall = appRunnerFirewall(stack, model, origin, inputs.foundation());
                }
                appRunnerSite(stack, model, site, service, origin, global, logs, appRunnerFirewall, inputs);
                continue;
            }
            boolean https = model.edge().https();
            if (https) {
                loadBalancer.addSiteCertificate(id, site.domain(), model.edge().hostedZoneId());
            }
            RenderedSite built = new RenderedSite(stack, id, new RenderedSite.Props(
                    RenderedSite.loadBalancerOrigin(loadBalancer.getAlb(), https, origin.value(), site.name()), true,
                    new ContentDelivery.Viewer(site.domain(), global.certificate(site.domain()).orElse(null), global.webAclArn()),
                    EdgeMapping.priceClass(model), logs, https));
            String url = siteOutputs(stack, model, site, id, built);
            frontEnds.put(site.service(), new FrontEnd(site, WebService.FIRST_SITE_PRIORITY + i, url));
        }
        return frontEnds;
    }

    /**
     * The environment's regional web ACL for its App Runner front ends: the firewall's rules after one that blocks every
     * request without the origin header (App Runner cannot check a header itself), accepting both values during a
     * rotation as the load balancer does.
     */
    private static WebFirewall appRunnerFirewall(Stack stack, EnvironmentModel model, OriginVerification origin, Foundation foundation) {
        return new WebFirewall(stack, "AppRunnerFirewall", new WebFirewall.Props(model.naming().prefix() + "-apprunner",
                WebFirewall.Scope.REGIONAL, model.edge().firewall().orElseThrow().rateLimit(),
                Retention.of(model.lifecycle().logRetention()), foundation.key(),
                new WebFirewall.RequiredHeader(OriginVerification.HEADER, origin.value(), origin.previousValue(), origin.rotating())));
    }

    /**
     * A site whose front end runs on App Runner: the service (its image by the tag parameter, its secrets whole, its VPC
     * connector in the compute subnets with its own group), the regional web ACL associated with it, and the site's
     * distribution to its default domain with both headers, Host not forwarded (App Runner routes by its own name).
     */
    private static void appRunnerSite(Stack stack, EnvironmentModel model, Sites.Rendered site, ServiceModel service,
            OriginVerification origin, GlobalEdge global, Bucket logs, WebFirewall firewall, AppRunnerInputs inputs) {
        String constructId = Naming.pascal(service.name());
        DataTier.ServiceData uses = inputs.data().of(service.name());
        AppRunnerService.Props.Builder props = AppRunnerMapping.props(service)
                .image(repository(stack, service, inputs.outputs()), ComputeMapping.imageTag(stack, service))
                .secrets(inputs.imported().wholeSecrets(service, model.services().sharedSecrets(), uses))
                .encryptionKey(inputs.foundation().key())
                .network(inputs.foundation().vpc().selectSubnets(inputs.foundation().subnets().compute()).getSubnets(),
                        inputs.foundation().groups().group(AppRunnerMapping.zone(service.name())))
                // Without a domain the site's address is its distribution's, which depends on this service: not known to it.
                .publicUrl(site.domain() != null ? "https://" + site.domain() : null);
        if (uses.bucket() != null) {
            props.bucket(inputs.imported().bucket(constructId + "Bucket", model.naming(), service.name()));
        }
        AppRunnerService appRunner = new AppRunnerService(stack, constructId, props.build());
        CfnWebACLAssociation.Builder.create(stack, constructId + "FirewallAssociation")
                .resourceArn(appRunner.getServiceArn())
                .webAclArn(firewall.getWebAclArn())
                .build();
        String id = Naming.pascal(site.name()) + "Site";
        RenderedSite built = new RenderedSite(stack, id, new RenderedSite.Props(
                RenderedSite.appRunnerOrigin(appRunner.getServiceDomain(), origin.value(), site.name()), false,
                new ContentDelivery.Viewer(site.domain(), global.certificate(site.domain()).orElse(null), global.webAclArn()),
                EdgeMapping.priceClass(model), logs, true));
        siteOutputs(stack, model, site, id, built);
        CfnOutput.Builder.create(stack, constructId + "AppRunnerServiceArn")
                .description("App Runner service of " + service.name())
                .value(appRunner.getServiceArn())
                .build();
    }

    /** The site's alias records where there is a zone, and its outputs: where it answers, where to point its domain. */
    private static String siteOutputs(Stack stack, EnvironmentModel model, Sites.Rendered site, String id, RenderedSite built) {
        EdgeMapping.aliasRecords(stack, id, model, site.domain(), built.getDistribution());
        String url = "https://" + (site.domain() != null ? site.domain() : built.getDistribution().getDistributionDomainName());
        CfnOutput.Builder.create(stack, id + "Url")
                .description("Where site " + site.name() + " answers")
                .value(url)
                .build();
        if (site.domain() != null && model.edge().hostedZone().isEmpty()) {
            CfnOutput.Builder.create(stack, id + "DistributionDns")
                    .description("Point the DNS record of " + site.domain() + " (CNAME or alias) here")
                    .value(built.getDistribution().getDistributionDomainName())
                    .build();
        }
        return url;
    }

    /** Where users reach the application: the domain, else the distribution's address, else the load balancer's. */
    private static String publicUrl(EnvironmentModel model, LoadBalancer loadBalancer, ContentDelivery delivery) {
        if (delivery == null) {
            return loadBalancer.url();
        }
        return "https://" + (model.edge().https() ? model.edge().domain() : delivery.getDistribution().getDistributionDomainName());
    }

    /** The environment's own repository from the delivery layer, or the existing one the service names. */
    private static IRepository repository(Stack stack, ServiceModel service, LayerOutputs outputs) {
        return service.image().ownRepository()
                ? outputs.get(Delivery.class).repository(service.name())
                : Repository.fromRepositoryName(stack, Naming.pascal(service.name()) + "Repository",
                        service.image().existingRepository());
    }
}
