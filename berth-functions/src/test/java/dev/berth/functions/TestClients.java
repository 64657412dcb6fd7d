package dev.berth.functions;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** SDK clients pointed at moto, with test credentials, recording every API call they make. */
public final class TestClients {

    public static final Region REGION = Region.EU_CENTRAL_1;

    /** One HTTP client for all: making one sets up TLS, a fifth of a second each time. */
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.create();

    private final URI endpoint;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AwsClients functions;
    private final Ec2Client ec2;
    private final SecretsManagerClient secrets;

    public TestClients(MotoServer moto) {
        this.endpoint = moto.endpoint();
        this.functions = new AwsClients(configure(EcsClient.builder()), configure(ApplicationAutoScalingClient.builder()),
                configure(ElasticLoadBalancingV2Client.builder()));
        this.ec2 = configure(Ec2Client.builder());
        this.secrets = configure(SecretsManagerClient.builder());
    }

    /** The clients a handler gets. */
    public AwsClients functions() {
        return functions;
    }

    public Ec2Client ec2() {
        return ec2;
    }

    /** The database resources' function's client, and the tests' for the secrets CloudFormation would make. */
    public SecretsManagerClient secrets() {
        return secrets;
    }

    /** The operations called so far through these clients, as Service.Operation. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    public void forgetCalls() {
        calls.clear();
    }

    private <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C> C configure(B builder) {
        return builder.endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(HTTP)
                .overrideConfiguration(config -> config.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        calls.add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                    }
                }))
                .build();
    }
}
