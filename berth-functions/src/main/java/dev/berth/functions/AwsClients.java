package dev.berth.functions;

import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The AWS clients the functions use. In Lambda they are made once per container ({@link #lambda()}): the region from
 * {@code AWS_REGION}; the credentials from the variables Lambda sets, or, under SnapStart, which restores a snapshot
 * where no key may be, from its container credentials endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}); the
 * JDK's HTTP client (no Apache or Netty on the classpath); and the endpoint the SDK picks, which honors
 * {@code AWS_ENDPOINT_URL} when it is set. Tests pass clients of their own.
 */
public record AwsClients(EcsClient ecs, ApplicationAutoScalingClient autoScaling, ElasticLoadBalancingV2Client loadBalancing) {

    public static final String REGION = "AWS_REGION";

    private static AwsClients container;

    /** The clients of this Lambda container, made on first use and kept while the container lives. */
    public static synchronized AwsClients lambda() {
        if (container == null) {
            container = fromEnvironment(System.getenv());
        }
        return container;
    }

    /** Clients for the region in {@value #REGION} of the given environment. */
    public static AwsClients fromEnvironment(Map<String, String> environment) {
        String region = environment.get(REGION);
        if (region == null || region.isBlank()) {
            throw new ConfigurationException(REGION, "not set; Lambda sets it to the function's region");
        }
        SdkHttpClient http = UrlConnectionHttpClient.create();
        Region awsRegion = Region.of(region);
        // Resolved on the first call, after a SnapStart restore, not when the clients are made.
        AwsCredentialsProvider credentials = AwsCredentialsProviderChain.of(
                EnvironmentVariableCredentialsProvider.create(), ContainerCredentialsProvider.create());
        return new AwsClients(
                EcsClient.builder().region(awsRegion).credentialsProvider(credentials).httpClient(http).build(),
                ApplicationAutoScalingClient.builder().region(awsRegion).credentialsProvider(credentials).httpClient(http).build(),
                ElasticLoadBalancingV2Client.builder().region(awsRegion).credentialsProvider(credentials).httpClient(http).build());
    }
}
