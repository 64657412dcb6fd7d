package dev.berth.platform.delivery;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.CfnOIDCProvider;
import software.constructs.Construct;

/**
 * GitHub Actions' OpenID Connect provider in an AWS account: it lets a workflow job trade its GitHub token for a
 * role's short-lived credentials, so no AWS key is ever stored in GitHub. One per account; kept when its stack goes,
 * since other projects of the account may trust it.
 */
public final class GitHubOidcProvider extends Construct {

    /** GitHub's token issuer, and the provider's name in IAM. */
    public static final String ISSUER = "token.actions.githubusercontent.com";
    /** The audience GitHub's configure-aws-credentials action asks for. */
    public static final String AUDIENCE = "sts.amazonaws.com";

    public GitHubOidcProvider(Construct scope, String id) {
        super(scope, id);
        // CloudFormation's own resource: the L2 provider would add a Lambda-backed custom resource for the same thing.
        CfnOIDCProvider provider = CfnOIDCProvider.Builder.create(this, "Provider")
                .url("https://" + ISSUER)
                .clientIdList(List.of(AUDIENCE))
                .build();
        provider.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }

    /** The provider's ARN in the account of {@code scope}'s stack, as roles of other stacks name it. */
    public static String arn(Construct scope) {
        Stack stack = Stack.of(scope);
        return "arn:" + stack.getPartition() + ":iam::" + stack.getAccount() + ":oidc-provider/" + ISSUER;
    }
}
