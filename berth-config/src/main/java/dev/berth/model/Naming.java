package dev.berth.model;

import java.util.regex.Pattern;

/**
 * Every name Berth derives for an environment: its stacks, its AWS resources, its secrets. One place, so the
 * platform and the command always agree.
 *
 * @param project the project of berth.yaml
 * @param environment the environment's name
 * @param region the AWS region it deploys to
 * @param account the AWS account id, or null for the account of the credentials in use
 */
public record Naming(String project, String environment, String region, String account) {

    /** The tags ECR and the image-tag stack parameter accept. */
    public static final Pattern IMAGE_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    /** {@code project-environment}: the prefix of every stack and of names unique in an account and region. */
    public String prefix() {
        return project + "-" + environment;
    }

    /** {@code project-environment-layer}: a stack's name (and construct id). */
    public String stackName(String layer) {
        return prefix() + "-" + layer;
    }

    /** A Secrets Manager name under {@code project/environment/}. */
    public String secretName(String name) {
        return project + "/" + environment + "/" + name;
    }

    /**
     * A secret berth.yaml declares, {@code project/environment/owner/name}: the owner a service, or
     * {@link Services#SHARED} for those every service receives.
     */
    public String declaredSecretName(String owner, String name) {
        return secretName(owner + "/" + name);
    }

    /** A service's own database secret, {@code project/environment/service/database}. */
    public String serviceDatabaseSecretName(String service) {
        return secretName(service + "/database");
    }

    /** The environment's cache secret, {@code project/environment/cache}. */
    public String cacheSecretName() {
        return secretName("cache");
    }

    /**
     * The SSM parameter holding the Kubernetes cluster's join command, {@code /project/environment/kubernetes/join-command}:
     * the control plane writes it (a SecureString under the environment key), workers read it.
     */
    public String kubernetesJoinParameter() {
        return "/" + project + "/" + environment + "/kubernetes/join-command";
    }

    /**
     * The export of a service bucket's ARN ({@code project-environment-service-bucket-arn}): the app stack imports it by
     * this name, so its policies name the bucket the same way in every synthesis.
     */
    public String bucketArnExport(String service) {
        return prefix() + "-" + service + "-bucket-arn";
    }

    /** The export of a service bucket's name, beside {@link #bucketArnExport}. */
    public String bucketNameExport(String service) {
        return prefix() + "-" + service + "-bucket-name";
    }

    /** The Cloud Map namespace the services are found in: {@code project.local}. */
    public String serviceNamespace() {
        return project + ".local";
    }

    /** The RDS instance identifier, unique in the account and region. */
    public String databaseIdentifier() {
        return prefix();
    }

    /** The database created with the instance: the project's name as PostgreSQL allows it. */
    public String databaseName() {
        return project.replace('-', '_');
    }

    /** The ECR repository the environment creates for a service: {@code project/environment/service}. */
    public String repositoryName(String service) {
        return project + "/" + environment + "/" + service;
    }

    /** A service's task definition family, {@code project-environment-service}: the revisions a release registers. */
    public String taskFamily(String service) {
        return prefix() + "-" + service;
    }

    /**
     * The ECS service name of a service that scales to zero, {@code project-environment-service}: its functions are
     * configured with it, and they are made before the service (its listener rule weighs their target group).
     */
    public String ecsServiceName(String service) {
        return prefix() + "-" + service;
    }

    /** The CodeDeploy application of a blue/green environment, and of each service its deployment group. */
    public String codeDeployApplication() {
        return prefix();
    }

    public String codeDeployGroup(String service) {
        return prefix() + "-" + service;
    }

    /** The environment key's alias, without {@code alias/}. */
    public String keyAlias() {
        return prefix();
    }

    /** The stack parameter carrying the image tag of a service, e.g. {@code WebImageTag}. */
    public static String imageTagParameter(String service) {
        return pascal(service) + "ImageTag";
    }

    /** "api-gateway" to "ApiGateway": construct ids and parameter names of a service. */
    public static String pascal(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("-")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }
}
