package dev.berth.functions;

import java.util.Map;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The AWS clients the scale-to-zero functions use. In Lambda they are made once per container ({@link #lambda()}),
 * as {@link ClientSettings} says, sharing the JDK's HTTP client. Tests pass clients of their own.
 */
public record AwsClients(EcsClient ecs, ApplicationAutoScalingClient autoScaling, ElasticLoadBalancingV2Client loadBalancing) {

    private static AwsClients container;

    /** The clients of this Lambda container, made on first use and kept while the container lives. */
    public static synchronized AwsClients lambda() {
        if (container == null) {
            container = fromEnvironment(System.getenv());
        }
        return container;
    }

    /** Clients for the region in {@value ClientSettings#REGION} of the given environment. */
    public static AwsClients fromEnvironment(Map<String, String> environment) {
        ClientSettings settings = ClientSettings.fromEnvironment(environment);
        SdkHttpClient http = UrlConnectionHttpClient.create();
        return new AwsClients(
                settings.build(EcsClient.builder(), http),
                settings.build(ApplicationAutoScalingClient.builder(), http),
                settings.build(ElasticLoadBalancingV2Client.builder(), http));
    }
}
