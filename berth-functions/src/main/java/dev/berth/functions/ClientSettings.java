package dev.berth.functions;

import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * What every AWS client of a function is built with in Lambda: the region from {@code AWS_REGION}; the credentials
 * from the variables Lambda sets, or, under SnapStart, which restores a snapshot where no key may be, from its
 * container credentials endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}); and the endpoint the SDK picks, which
 * honors {@code AWS_ENDPOINT_URL} when it is set. The HTTP client is the caller's: the JDK's (no Apache or Netty on
 * the classpath), shared by the clients of one function.
 */
public record ClientSettings(Region region, AwsCredentialsProvider credentials) {

    public static final String REGION = "AWS_REGION";

    /** The settings for the region in {@value #REGION} of the given environment. */
    public static ClientSettings fromEnvironment(Map<String, String> environment) {
        String region = environment.get(REGION);
        if (region == null || region.isBlank()) {
            throw new ConfigurationException(REGION, "not set; Lambda sets it to the function's region");
        }
        // Resolved on the first call, after a SnapStart restore, not when the clients are made.
        AwsCredentialsProvider credentials = AwsCredentialsProviderChain.of(
                EnvironmentVariableCredentialsProvider.create(), ContainerCredentialsProvider.create());
        return new ClientSettings(Region.of(region), credentials);
    }

    /** The builder's client, with these settings and the given HTTP client. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, SdkHttpClient http) {
        return builder.region(region).credentialsProvider(credentials).httpClient(http).build();
    }
}
