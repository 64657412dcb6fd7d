package dev.berth.platform.data;

import dev.berth.platform.network.SubnetTier;
import dev.berth.platform.network.Zone;
import dev.berth.platform.operations.FunctionsJar;
import dev.berth.platform.policy.PolicyGate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * What makes each service's database and completes the data tier's secrets at deploy: two functions of the
 * functions' jar behind a CloudFormation custom-resource provider.
 *
 * <p>The resource function runs outside the VPC: it reads the master secret and the services' secrets, and writes
 * each service's complete secret. The SQL function runs in the data subnets, receives the master credentials in its
 * invocation and reaches PostgreSQL alone: the data subnets keep no route out and need no endpoint, and the master
 * secret reaches no task.
 */
public final class DataProvisioner extends Construct {

    public static final String RESOURCE_HANDLER = "dev.berth.functions.database.DatabaseResourceHandler::handleRequest";
    public static final String SQL_HANDLER = "dev.berth.functions.database.DatabaseSqlHandler::handleRequest";
    /** The variable that names the SQL function to the resource function. */
    public static final String SQL_FUNCTION_VARIABLE = "SQL_FUNCTION";
    public static final String SERVICE_DATABASE_TYPE = "Custom::ServiceDatabase";
    public static final String CACHE_SECRET_TYPE = "Custom::CacheSecret";

    /** The SQL function's security group in the traffic graph. */
    public static final Zone ZONE = Zone.group("DatabaseProvisioner", SubnetTier.DATA,
            "The function that makes the services databases and roles: reaches PostgreSQL only");

    /**
     * @param functionsJar the built {@code berth-functions.jar}
     * @param key the environment key: it encrypts the secrets and the functions' logs
     * @param logRetention how long the functions' logs are kept
     * @param vpc the environment's VPC
     * @param dataSubnets where the SQL function runs
     * @param securityGroup the SQL function's group ({@link #ZONE}); null where no service has a database
     */
    public record Props(Path functionsJar, IKey key, RetentionDays logRetention, IVpc vpc, SubnetSelection dataSubnets,
            ISecurityGroup securityGroup) {

        public Props {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(logRetention, "logRetention");
            Objects.requireNonNull(vpc, "vpc");
            Objects.requireNonNull(dataSubnets, "dataSubnets");
            if (functionsJar == null || !Files.isRegularFile(functionsJar)) {
                throw new IllegalArgumentException("the database provisioner deploys from " + functionsJar
                        + ", which is not built: run ./mvnw -pl berth-functions package");
            }
        }
    }

    private final Props props;
    private final Function resourceFunction;
    private final Provider provider;
    private Function sqlFunction;

    public DataProvisioner(Construct scope, String id, Props props) {
        super(scope, id);
        this.props = props;
        // Longer than the SQL function it waits for, with time to write the secrets.
        this.resourceFunction = function("Resource", RESOURCE_HANDLER, "Gives each service its database and completes "
                + "the data tier's secrets at deploy", false, Duration.minutes(3));
        resourceFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"))
                .resources(List.of(props.key().getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService",
                        "secretsmanager." + Stack.of(this).getRegion() + ".amazonaws.com")))
                .build());
        this.provider = Provider.Builder.create(this, "Provider")
                .onEventHandler(resourceFunction)
                .logGroup(logGroup("ProviderLogs"))
                .build();
        PolicyGate.acknowledge(provider, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
                "The CDK's custom-resource framework function, which answers CloudFormation for the resource function: AWS's"
                + " basic execution policy lets it write its own logs.");
        PolicyGate.acknowledge(provider, "AwsSolutions-IAM5[Resource::" + PolicyGate.findingText(this,
                resourceFunction.getFunctionArn()) + ":*]", "The framework function invokes the resource function and its"
                + " versions (ARN:*), as the CDK's provider grants it: this one function alone.");
    }

    /** The SQL function, made with the first service database: an environment without one has no function in its VPC. */
    private Function sqlFunction() {
        if (sqlFunction == null) {
            Objects.requireNonNull(props.securityGroup(), "a service database needs the provisioner's security group");
            sqlFunction = function("Sql", SQL_HANDLER, "Makes a service's database and login role in PostgreSQL; reaches"
                    + " nothing else", true, Duration.seconds(90));
            resourceFunction.addEnvironment(SQL_FUNCTION_VARIABLE, sqlFunction.getFunctionName());
            // The function itself, not its versions (ARN:*), as the CDK's grant would add.
            resourceFunction.addToRolePolicy(PolicyStatement.Builder.create()
                    .actions(List.of("lambda:InvokeFunction"))
                    .resources(List.of(sqlFunction.getFunctionArn()))
                    .build());
        }
        return sqlFunction;
    }

    /**
     * Lets the resource function read (and write) a secret. On the role, not through the secret's grant: that would
     * also write the environment key's policy, in the foundation stack, naming this stack's role (a cycle). The key's
     * use through Secrets Manager is granted on the role once.
     */
    private void allow(ISecret secret, boolean write) {
        List<String> actions = write
                ? List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:PutSecretValue")
                : List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret");
        resourceFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(actions)
                .resources(List.of(secret.getSecretArn()))
                .build());
    }

    /** One function of the jar, with its own role and log group; the SQL one in the data subnets. */
    private Function function(String id, String handler, String description, boolean inVpc, Duration timeout) {
        Function.Builder function = FunctionsJar.function(this, id, props.functionsJar(), handler, description,
                new FunctionsJar.Resources(1024, timeout, props.key(), props.logRetention()));
        if (inVpc) {
            function.vpc(props.vpc()).vpcSubnets(props.dataSubnets()).securityGroups(List.of(props.securityGroup()));
        }
        Function built = function.build();
        if (inVpc) {
            // The ENI permissions a function in a VPC needs, without AWS's managed policy: they have no resource scope.
            built.addToRolePolicy(PolicyStatement.Builder.create()
                    .actions(List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
                            "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"))
                    .resources(List.of("*"))
                    .build());
            PolicyGate.acknowledge(built.getRole(), "AwsSolutions-IAM5[Resource::*]", "Lambda attaches a function to its VPC"
                    + " through network interfaces it creates and deletes; these EC2 actions take no resource-level permissions.");
        }
        return built;
    }

    private LogGroup logGroup(String id) {
        return LogGroup.Builder.create(this, id)
                .retention(props.logRetention())
                .encryptionKey(props.key())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    /**
     * A service's database and login role on the instance, and its secret: generated with the role's password, then
     * completed with where to connect ({@code url}, {@code jdbc_url}, {@code reader_host}...). Both are retained when
     * the service goes: its data stays.
     *
     * @param id the construct id
     * @param database the database's and the role's name
     * @param secretName the secret's name
     * @param masterSecret the instance's master credentials
     * @param readerHost where the service reads from: a replica's address, or the instance's
     */
    public ISecret serviceDatabase(String id, String database, String secretName, ISecret masterSecret, String readerHost) {
        Secret secret = Secret.Builder.create(this, id + "Secret")
                .secretName(secretName)
                .description("Database " + database + " and its login role (DB_SECRET)")
                .encryptionKey(props.key())
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate("{\"username\":\"" + database + "\"}")
                        .generateStringKey("password")
                        // Letters and digits: a password that goes into a URL as it is.
                        .excludePunctuation(true)
                        .passwordLength(32)
                        .build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        PolicyGate.acknowledge(secret, "AwsSolutions-SMG4", "ECS injects the secret when a task starts: rotating the"
                + " password would break the running tasks' new connections until they restart. 32 random characters,"
                + " encrypted with the environment key, readable by this service's task execution role alone.");
        sqlFunction();
        allow(masterSecret, false);
        allow(secret, true);
        Map<String, Object> properties = new TreeMap<>();
        properties.put("MasterSecretArn", masterSecret.getSecretArn());
        properties.put("SecretArn", secret.getSecretArn());
        properties.put("Database", database);
        properties.put("Role", database);
        properties.put("ReaderHost", readerHost);
        CustomResource.Builder.create(this, id)
                .serviceToken(provider.getServiceToken())
                .resourceType(SERVICE_DATABASE_TYPE)
                .properties(properties)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        return secret;
    }

    /** Completes a cache secret (its generated token) with the cache's address, port, TLS and {@code url}. */
    public void completeCacheSecret(String id, Secret secret, String host, String port) {
        allow(secret, true);
        Map<String, Object> properties = new TreeMap<>();
        properties.put("SecretArn", secret.getSecretArn());
        properties.put("Host", host);
        properties.put("Port", port);
        properties.put("Tls", "true");
        CustomResource.Builder.create(this, id)
                .serviceToken(provider.getServiceToken())
                .resourceType(CACHE_SECRET_TYPE)
                .properties(properties)
                .build();
    }
}
